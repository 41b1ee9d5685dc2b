"""Exactly-once handling of webhook deliveries (platforms retry; we must not answer twice)."""
from datetime import datetime, timedelta, timezone
from typing import Iterable, Optional

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from bot.store.db import session_factory
from bot.store.models import ChannelDelivery

# Telegram and Meta stop retrying within a day; a week is a wide margin.
KEEP_FOR = timedelta(days=7)


class DeliveryLog:
    def __init__(self, database_url: Optional[str] = None) -> None:
        self._sessions = session_factory(database_url)

    def first_time(self, channel: str, delivery_id: str, earlier_ids: Iterable[str] = ()) -> bool:
        """True exactly once per (channel, delivery id), even with concurrent redeliveries.
        `earlier_ids`: the same delivery's id as it was stored before (a keyed hash under an older
        pseudonym key), so a redelivery across a key rotation is not handled twice."""
        earlier = [str(other)[:128] for other in earlier_ids if other != delivery_id]
        if earlier:
            with self._sessions() as session:
                if session.execute(select(ChannelDelivery.id).where(
                        ChannelDelivery.channel == channel, ChannelDelivery.delivery_id.in_(earlier))).first():
                    return False
        try:
            with self._sessions() as session, session.begin():
                session.add(ChannelDelivery(channel=channel, delivery_id=str(delivery_id)[:128],
                                            received_at=datetime.now(timezone.utc)))
            return True
        except IntegrityError:
            return False

    def prune(self, now: Optional[datetime] = None) -> int:
        cutoff = (now or datetime.now(timezone.utc)) - KEEP_FOR
        with self._sessions() as session, session.begin():
            return session.execute(delete(ChannelDelivery).where(ChannelDelivery.received_at < cutoff)).rowcount
