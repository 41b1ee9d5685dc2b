"""The feedback loop with her: 1090 acts, then asks her whether it has stopped.

- `on_status_change` is ComplaintService's hook (it runs after every committed status change). When
  a complaint becomes action_taken and she agreed to messages when she filed (on a channel that can
  reach her later: Telegram, WhatsApp), it schedules through the one scheduled-message service
  (bot/jobs/scheduled.py) a discreet status message now, the "has it stopped?" question after
  FOLLOW_UP_DAYS, and one reminder FOLLOW_UP_REMINDER_DAYS later; each with a dedupe key, so a
  repeated hook schedules nothing twice. Closing or reopening the case cancels what still waits.
- `answer` takes her answer: "stopped" closes the case (changed by her); "not_stopped" or "worse"
  reopens it with the priority mark and alerts staff. Either way the question and its reminder
  stop. `understand` turns her own words (or a button) into one of those answers.
- `dashboard_counts` gives the answers per district and month: stopped, not stopped, no answer.

Nothing here logs text, codes or ids.
"""
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable, Dict, List, Optional, Tuple

from sqlalchemy import or_, select

from bot import settings
from bot.complaints.service import ComplaintService
from bot.complaints.statuses import ACTION_TAKEN, CLOSED, REOPENED
from bot.india_time import INDIA
from bot.jobs import wording
from bot.jobs.scheduled import ScheduledMessages
from bot.lang.choices import choose
from bot.lang.danger import detect_danger
from bot.store.db import session_factory
from bot.store.encryption import decrypt_text
from bot.store.models import Complaint, FollowUp

logger = logging.getLogger(__name__)

# Channels that can reach her later. The web widget cannot: she sees updates at her next status check.
REACHABLE_CHANNELS = ("telegram", "whatsapp")
ANSWERS = ("stopped", "not_stopped", "worse")
FOLLOW_UP_KINDS = ["follow_up", "follow_up_reminder"]
# Her own words for each answer, all three scripts; "worse" before "no" ("nahi ruka, aur badh gaya").
ANSWER_WORDS = {
    "worse": r"badh|badha|badhgaya|बढ़|बढ|worse|more than before|zyada|jyada|ज़्यादा|ज्यादा",
    "not_stopped": (r"^(no|nope|nahi|nahin|nhi|nai|na)\b|\bnot\b|नहीं|नही|\bnahi\b|\bnahin\b|\bnhi\b"
                    r"|abhi bhi|ab bhi|अब भी|अभी भी|still"),
    "stopped": r"^(yes|yeah|haan|han|ha|ji|jee)\b|हाँ|हां|\bruk gaya\b|रुक गया|stopped|\bband\b|बंद|theek|ठीक",
}


def understand(text: Optional[str]) -> Tuple[Optional[str], bool]:
    """(answer, danger): her answer in her own words or a button's value, and whether her words
    carry danger (then it counts as "worse" and she gets the emergency numbers first)."""
    text = (text or "").strip()
    if text in ANSWERS:
        return text, False
    danger = detect_danger(text) is not None
    if danger:
        return "worse", True
    return choose(re.sub(r"\s+", " ", text), ANSWER_WORDS), False


@dataclass(frozen=True)
class AnswerResult:
    reference_code: str
    answer: str
    status_changed: bool


class FeedbackLoop:
    def __init__(self, url: Optional[str] = None, messages: Optional[ScheduledMessages] = None,
                 complaints: Optional[ComplaintService] = None,
                 alert_staff: Optional[Callable[[str, str], None]] = None) -> None:
        self.sessions = session_factory(url)
        self.messages = messages or ScheduledMessages(url)
        self.complaints = complaints or ComplaintService(url=url)
        self.alert_staff = alert_staff

    # ------------------------------------------------------------------ the hook --------------
    def on_status_change(self, reference_code: str, old: str, new: str) -> None:
        if new == ACTION_TAKEN:
            self.schedule_for(reference_code)
        elif new in (CLOSED, REOPENED):
            complaint_id = self._complaint_id(reference_code)
            if complaint_id is not None:
                self.messages.cancel_subject("complaint", complaint_id, FOLLOW_UP_KINDS)

    def _complaint_id(self, reference_code: str) -> Optional[int]:
        with self.sessions() as session:
            return session.execute(select(Complaint.id).where(Complaint.reference_code == reference_code)).scalar()

    def schedule_for(self, reference_code: str, now: Optional[datetime] = None) -> bool:
        """Schedules the status message, the question and its one reminder; False when she did not
        agree, or her channel cannot reach her later, or they were scheduled for this round already."""
        now = now or datetime.now(timezone.utc)
        with self.sessions() as session:
            complaint = session.execute(select(Complaint).where(
                Complaint.reference_code == reference_code)).scalar_one_or_none()
            if (complaint is None or not complaint.updates_consent or not complaint.updates_recipient_enc
                    or complaint.channel not in REACHABLE_CHANNELS):
                return False
            complaint_id, channel, language = complaint.id, complaint.channel, complaint.language
            recipient = decrypt_text(complaint.updates_recipient_enc)
            round_ = sum(1 for change in complaint.history if change.status == ACTION_TAKEN)
        ask_at = now + timedelta(days=settings.FOLLOW_UP_DAYS)
        remind_at = ask_at + timedelta(days=settings.FOLLOW_UP_REMINDER_DAYS)
        common = dict(subject_type="complaint", subject_id=complaint_id)
        first = self.messages.schedule("status_update", channel, recipient,
                                       wording.status_update_payload(reference_code, language), due_at=now,
                                       dedupe_key=f"status_update:{complaint_id}:{round_}", **common)
        if first is None:
            return False
        self.messages.schedule("follow_up", channel, recipient, wording.follow_up_payload(reference_code, language),
                               due_at=ask_at, dedupe_key=f"follow_up:{complaint_id}:{round_}", **common)
        self.messages.schedule("follow_up_reminder", channel, recipient,
                               wording.follow_up_payload(reference_code, language, again=True),
                               due_at=remind_at, dedupe_key=f"follow_up_reminder:{complaint_id}:{round_}", **common)
        with self.sessions() as session, session.begin():
            session.add(FollowUp(complaint_id=complaint_id, asked_at=ask_at))
        return True

    # ------------------------------------------------------------------ her answer ------------
    def answer(self, reference_code: str, answer: str, now: Optional[datetime] = None) -> Optional[AnswerResult]:
        """Records her answer to "has it stopped?" and acts on it; None for an unknown code."""
        if answer not in ANSWERS:
            raise ValueError(f"unknown answer {answer!r}")
        now = now or datetime.now(timezone.utc)
        with self.sessions() as session, session.begin():
            complaint = session.execute(select(Complaint).where(
                Complaint.reference_code == reference_code)).scalar_one_or_none()
            if complaint is None:
                return None
            complaint_id = complaint.id
            follow_up = session.execute(select(FollowUp).where(
                FollowUp.complaint_id == complaint_id, FollowUp.answer.is_(None))
                .order_by(FollowUp.asked_at.desc(), FollowUp.id.desc())).scalars().first()
            if follow_up is None:   # she answered without a pending question (a late answer): still counted
                follow_up = FollowUp(complaint_id=complaint_id, asked_at=now)
                session.add(follow_up)
            follow_up.answer, follow_up.answered_at = answer, now
        self.messages.cancel_subject("complaint", complaint_id, FOLLOW_UP_KINDS)
        if answer == "stopped":
            changed = self.complaints.set_status(reference_code, CLOSED, changed_by="her",
                                                 reason="She answered the follow-up: it has stopped.")
        else:
            why = "it got worse" if answer == "worse" else "it has not stopped"
            changed = self.complaints.reopen(reference_code, f"She answered the follow-up: {why}.", by_her=True)
            if self.alert_staff is not None:
                try:
                    self.alert_staff(reference_code, answer)
                except Exception as error:  # the reopened case (listed first) is the record; an alert is extra
                    logger.warning("follow-up alert not sent (%s)", type(error).__name__)
        return AnswerResult(reference_code, answer, changed)

    # ------------------------------------------------------------------ the dashboard ---------
    def dashboard_counts(self, now: Optional[datetime] = None) -> List[Dict[str, object]]:
        """Per district and month (India time) of the question: stopped, not stopped (with "worse"),
        and no answer (asked, reminded, and silent past the reminder); an answer counts in the month
        she gave it. Questions not yet due and not answered are not counted."""
        now = now or datetime.now(timezone.utc)
        silent_after = timedelta(days=settings.FOLLOW_UP_REMINDER_DAYS)
        with self.sessions() as session:
            rows = session.execute(select(Complaint.district, FollowUp.asked_at, FollowUp.answer, FollowUp.answered_at)
                                   .join(Complaint, Complaint.id == FollowUp.complaint_id)
                                   .where(or_(FollowUp.asked_at <= now, FollowUp.answer.is_not(None)))).all()
        counts: Dict[Tuple[str, str], Dict[str, int]] = defaultdict(
            lambda: {"stopped": 0, "not_stopped": 0, "no_answer": 0})
        for district, asked_at, answer, answered_at in rows:
            key = (district or "unknown", (answered_at or asked_at).astimezone(INDIA).strftime("%Y-%m"))
            if answer == "stopped":
                counts[key]["stopped"] += 1
            elif answer in ("not_stopped", "worse"):
                counts[key]["not_stopped"] += 1
            elif asked_at + silent_after <= now:
                counts[key]["no_answer"] += 1
        return [{"district": district, "month": month, **values}
                for (district, month), values in sorted(counts.items(), key=lambda item: (item[0][1], item[0][0]))]
