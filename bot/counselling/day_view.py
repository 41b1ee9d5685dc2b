"""What the console shows of counselling: the bookings of one (Asia/Kolkata) day, optionally of one
counsellor, and the number of positive risk screens that day. Never her phone number here:
`phone_for` hands it out one booking at a time, and the console audits every call."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import List, Optional, Tuple

from sqlalchemy import func, select

from bot.counselling.availability import INDIA
from bot.store.db import session_factory
from bot.store.encryption import decrypt_text
from bot.store.models import Counsellor, CounsellingBooking, CounsellingScreen


@dataclass(frozen=True)
class BookingRow:
    id: int
    local_start: datetime     # Asia/Kolkata
    minutes: int
    counsellor_id: int
    counsellor: str           # first name
    for_whom: str
    language: str
    status: str
    booking_code: str
    contact_mode: str         # "chat" / "callback"
    channel: str
    has_phone: bool
    can_send_link: bool = False   # a chat session whose chat we can still reach (bot/jobs/)

    @property
    def local_end(self) -> datetime:
        return self.local_start + timedelta(minutes=self.minutes)


@dataclass(frozen=True)
class LinkTarget:
    booking_id: int
    booking_code: str
    channel: str
    chat_language: str
    local_start: datetime
    conversation_id: str


def day_bounds(day: date):
    """The UTC instants of local midnight and the next (UTC because SQLite compares stored text)."""
    start = datetime.combine(day, time(0, 0), tzinfo=INDIA)
    return start.astimezone(timezone.utc), (start + timedelta(days=1)).astimezone(timezone.utc)


class DayView:
    def __init__(self, url: Optional[str] = None):
        self.sessions = session_factory(url)

    def bookings(self, day: date, counsellor_id: Optional[int] = None) -> List[BookingRow]:
        start, end = day_bounds(day)
        query = (select(CounsellingBooking, Counsellor.first_name).join(Counsellor)
                 .where(CounsellingBooking.starts_at >= start, CounsellingBooking.starts_at < end)
                 .order_by(CounsellingBooking.starts_at, Counsellor.first_name))
        if counsellor_id is not None:
            query = query.where(CounsellingBooking.counsellor_id == counsellor_id)
        with self.sessions() as session:
            return [BookingRow(b.id, b.starts_at.astimezone(INDIA), b.minutes, b.counsellor_id, name,
                               b.for_whom, b.language, b.status, b.booking_code, b.contact_mode, b.channel,
                               bool(b.phone_enc), bool(b.conversation_enc))
                    for b, name in session.execute(query).all()]

    def positive_screens(self, day: date) -> int:
        start, end = day_bounds(day)
        with self.sessions() as session:
            return session.execute(select(func.count(CounsellingScreen.id)).where(
                CounsellingScreen.positive.is_(True), CounsellingScreen.created_at >= start,
                CounsellingScreen.created_at < end)).scalar_one()

    def counsellors(self) -> List[tuple]:
        """(id, first name) of everyone on the panel, for the filter."""
        with self.sessions() as session:
            return session.execute(select(Counsellor.id, Counsellor.first_name)
                                   .order_by(Counsellor.first_name)).all()

    def link_target(self, booking_id: int) -> Optional[LinkTarget]:
        """Where and how to send her the session link: her chat, the script she writes in, the code
        and local start. None unless it is a booked chat session whose chat is still known."""
        with self.sessions() as session:
            b = session.get(CounsellingBooking, booking_id)
            if b is None or b.status != "booked" or not b.conversation_enc:
                return None
            return LinkTarget(b.id, b.booking_code, b.channel, b.chat_language, b.starts_at.astimezone(INDIA),
                              decrypt_text(b.conversation_enc))

    def phone_for(self, booking_id: int) -> Optional[Tuple[BookingRow, str]]:
        """(row, phone) of a callback booking, or None. The caller audits."""
        with self.sessions() as session:
            found = session.execute(select(CounsellingBooking, Counsellor.first_name).join(Counsellor).where(
                CounsellingBooking.id == booking_id)).first()
            if found is None or not found[0].phone_enc:
                return None
            b, name = found
            row = BookingRow(b.id, b.starts_at.astimezone(INDIA), b.minutes, b.counsellor_id, name,
                             b.for_whom, b.language, b.status, b.booking_code, b.contact_mode, b.channel, True)
            return row, decrypt_text(b.phone_enc)
