"""Counts per district for the dashboard map (bot/console/district_map.py): complaints filed, repeat
reports, and "not stopped" answers to the follow-up, over a chosen period. Counts only: nothing she
wrote is read or decrypted, and the map suppresses small counts before anyone sees them."""
from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, Optional

from sqlalchemy import func, select

from bot.store.db import session_factory
from bot.store.models import Complaint, FollowUp, HarasserIdentifier

# The periods staff can choose, in days.
PERIODS = {"4w": 28, "12w": 84, "1y": 365}
DEFAULT_PERIOD = "12w"
# complaints: filed in the period; repeat: filed in the period and naming a number or handle that
# another complaint (of any time) names too; not_stopped: her answer "not stopped" or "worse" given
# in the period, counted in the district of its complaint.
MEASURES = ("complaints", "repeat", "not_stopped")
DEFAULT_MEASURE = "complaints"


class DistrictCounts:
    def __init__(self, url: Optional[str] = None, clock: Optional[Callable[[], datetime]] = None):
        self.sessions = session_factory(url)
        self.clock = clock or (lambda: datetime.now(timezone.utc))

    def counts(self, measure: str, period: str) -> Dict[str, int]:
        """District (as stored, the official English name) -> count; districts with none are absent."""
        if measure not in MEASURES or period not in PERIODS:
            raise ValueError(f"unknown measure or period: {measure!r}, {period!r}")
        since = self.clock() - timedelta(days=PERIODS[period])
        if measure == "complaints":
            query = (select(Complaint.district, func.count(Complaint.id))
                     .where(Complaint.created_at >= since).group_by(Complaint.district))
        elif measure == "repeat":
            shared = (select(HarasserIdentifier.match_key).where(HarasserIdentifier.match_key.is_not(None))
                      .group_by(HarasserIdentifier.match_key)
                      .having(func.count(func.distinct(HarasserIdentifier.complaint_id)) > 1))
            query = (select(Complaint.district, func.count(func.distinct(Complaint.id)))
                     .join(HarasserIdentifier, HarasserIdentifier.complaint_id == Complaint.id)
                     .where(Complaint.created_at >= since, HarasserIdentifier.match_key.in_(shared))
                     .group_by(Complaint.district))
        else:
            query = (select(Complaint.district, func.count(FollowUp.id))
                     .join(Complaint, Complaint.id == FollowUp.complaint_id)
                     .where(FollowUp.answer.in_(("not_stopped", "worse")), FollowUp.answered_at >= since)
                     .group_by(Complaint.district))
        with self.sessions() as session:
            return {district: int(count) for district, count in session.execute(query).all() if district and count}
