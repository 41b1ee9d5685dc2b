"""Flood limits on what a script could pile up for the staff: handoff requests and complaints.

Counted in the database, so every action server instance sees the same numbers. A real helpline
gets a few handoffs an hour; scripted sender ids can make hundreds, each an urgent case and a staff
alert, or file fake complaints by the hundred. Above the limits a request is refused with a kind
answer that gives her 1090 (a woman in danger has already had 112/1090 from the emergency rule, which
runs before any of this). When the database cannot be counted, nothing is refused: the complaint
outbox must still keep her report.
"""
from datetime import datetime, timedelta, timezone
from typing import Callable, List, Optional

from sqlalchemy import func, select

from bot import settings
from bot.lang.translated import Translated
from bot.store.db import session_factory
from bot.store.models import Complaint, Handoff

HANDOFF_WINDOW = timedelta(minutes=10)
COMPLAINT_WINDOW = timedelta(minutes=10)
REPORTER_WINDOW = timedelta(hours=24)

HANDOFF_BUSY = Translated(
    hi="इस समय बहुत सारे लोग काउंसलर से बात करना चाहते हैं, इसलिए मैं आपको अभी कतार में नहीं जोड़ पाई। "
       "कृपया 1090 (महिला हेल्पलाइन, 24 घंटे) पर कॉल करें, खतरे में हों तो 112 पर। कुछ मिनट बाद फिर लिख सकती हैं।",
    hi_latn="Is samay bahut saare log counsellor se baat karna chahte hain, isliye main aapko abhi queue mein "
            "nahi jod paayi. Kripya 1090 (mahila helpline, 24 ghante) par call karein, khatre mein hon to 112 "
            "par. Kuch minute baad phir likh sakti hain.",
    en="Very many people want a counsellor right now, so I could not add you to the queue. Please call 1090 "
       "(women's helpline, 24 hours), or 112 if you are in danger. You can write again in a few minutes.")
COMPLAINT_BUSY = Translated(
    hi="माफ़ कीजिए, अभी मैं यह शिकायत दर्ज नहीं कर पाई: बहुत सारी शिकायतें एक साथ आ रही हैं। कृपया 1090 पर कॉल करके "
       "शिकायत दर्ज कराएँ, या कुछ देर बाद फिर कोशिश करें। खतरे में हों तो 112 पर कॉल करें।",
    hi_latn="Maaf kijiye, abhi main yeh shikayat darj nahi kar paayi: bahut saari shikayatein ek saath aa rahi "
            "hain. Kripya 1090 par call karke shikayat darj karayein, ya kuch der baad phir koshish karein. "
            "Khatre mein hon to 112 par call karein.",
    en="Sorry, I could not file this complaint right now: very many complaints are arriving at once. Please "
       "call 1090 to file it, or try again a little later. If you are in danger, call 112.")


class FloodLimited(Exception):
    """Refused because of a flood; `text` is the answer for her (a Translated)."""

    def __init__(self, what: str, text: Translated):
        super().__init__(what)
        self.text = text


class FloodLimits:
    def __init__(self, url: Optional[str] = None, clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc)):
        self.sessions = session_factory(url)
        self.clock = clock

    def check_handoff(self, session) -> None:
        """Inside the caller's transaction, before a new handoff is added."""
        since = self.clock() - HANDOFF_WINDOW
        count = session.execute(select(func.count()).select_from(Handoff)
                                .where(Handoff.requested_at >= since)).scalar_one()
        if count >= settings.HANDOFF_FLOOD_PER_10_MINUTES:
            raise FloodLimited("handoff flood", HANDOFF_BUSY)

    def check_complaint(self, reporter_pseudonyms: List[str]) -> None:
        now = self.clock()
        try:
            with self.sessions() as session:
                everyone = session.execute(select(func.count()).select_from(Complaint).where(
                    Complaint.created_at >= now - COMPLAINT_WINDOW)).scalar_one()
                hers = session.execute(select(func.count()).select_from(Complaint).where(
                    Complaint.created_at >= now - REPORTER_WINDOW,
                    Complaint.reporter_pseudonym.in_(reporter_pseudonyms))).scalar_one() if reporter_pseudonyms else 0
        except Exception:  # the database is down: the outbox keeps her report, nothing is refused
            return
        if everyone >= settings.COMPLAINT_FLOOD_PER_10_MINUTES:
            raise FloodLimited("complaint flood", COMPLAINT_BUSY)
        if hers >= settings.COMPLAINTS_PER_REPORTER_PER_DAY:
            raise FloodLimited("complaints from one conversation", COMPLAINT_BUSY)
