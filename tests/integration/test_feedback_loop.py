"""The feedback loop (bot/complaints/feedback.py) on SQLite and PostgreSQL: action taken schedules a
discreet message, the question after FOLLOW_UP_DAYS and one reminder, only when she agreed and her
channel can reach her; her answer closes or reopens (priority, staff alerted); the dashboard counts."""
from datetime import datetime, timedelta, timezone

import pytest

from bot import settings
from bot.complaints.feedback import FeedbackLoop, understand
from bot.complaints.service import ComplaintService
from bot.jobs import wording
from bot.india_time import INDIA
from bot.jobs.scheduled import Outcome, ScheduledMessages
from tests.integration.test_complaint_service import _report

CONVERSATION = "tg-pseudonym-of-her-chat"
FORBIDDEN = ("harass", "complaint", "shikayat", "शिकायत", "उत्पीड़न", "police", "पुलिस", "1090", "stalk")


def _world(url, channel="telegram", consent=True, language="en"):
    alerts = []
    messages = ScheduledMessages(url)
    service = ComplaintService(url=url)
    loop = FeedbackLoop(url, messages, service, alert_staff=lambda code, answer: alerts.append((code, answer)))
    service.on_status_change = loop.on_status_change
    report, pin = _report(service, channel=channel, language=language, updates_consent=consent,
                          updates_recipient=CONVERSATION if consent else None)
    service.file(report, pin)
    return report.reference_code, service, messages, loop, alerts


def _due(messages, days):
    claimed = messages.claim_due("test", batch=50, now=datetime.now(timezone.utc) + timedelta(days=days))
    return claimed


def test_action_taken_schedules_the_message_the_question_and_one_reminder(database_url):
    code, service, messages, _, _ = _world(database_url)
    assert service.set_status(code, "action_taken", changed_by="3", reason="warned him at the station")
    [now] = _due(messages, 0)
    assert (now.kind, now.channel, now.conversation_id) == ("status_update", "telegram", CONVERSATION)
    assert code in now.payload["text"] and now.payload["whatsapp_template"] == {
        "name": "hs_update", "language": "en", "params": [code]}
    messages.finish(now, Outcome.sent())
    assert _due(messages, settings.FOLLOW_UP_DAYS - 0.1) == []
    [question] = _due(messages, settings.FOLLOW_UP_DAYS + 0.01)
    assert question.kind == "follow_up" and question.payload["slots"] == {
        "follow_up_code": code, "requested_slot": "follow_up_answer"}
    assert [b["payload"] for b in question.payload["buttons"]] == [
        '/inform{"follow_up_answer":"stopped"}', '/inform{"follow_up_answer":"not_stopped"}',
        '/inform{"follow_up_answer":"worse"}']
    messages.finish(question, Outcome.sent())
    [reminder] = _due(messages, settings.FOLLOW_UP_DAYS + settings.FOLLOW_UP_REMINDER_DAYS + 0.01)
    assert reminder.kind == "follow_up_reminder" and reminder.payload["text"].startswith("Once more")
    messages.finish(reminder, Outcome.sent())
    assert _due(messages, 60) == []                         # at most one reminder


def test_the_same_round_is_never_scheduled_twice_but_a_new_action_taken_is_a_new_round(database_url):
    code, service, messages, loop, _ = _world(database_url)
    service.set_status(code, "action_taken")
    assert loop.schedule_for(code) is False                 # the hook ran already for this round
    service.set_status(code, "in_progress")
    service.set_status(code, "action_taken")
    assert sorted(m.kind for m in _due(messages, 30)) == ["follow_up", "follow_up", "follow_up_reminder",
                                                          "follow_up_reminder", "status_update", "status_update"]


@pytest.mark.parametrize("channel, consent", [("telegram", False), ("whatsapp", False), ("socketio", True),
                                              ("rest", True)])
def test_nothing_without_her_yes_or_on_a_channel_that_cannot_reach_her_later(database_url, channel, consent):
    code, service, messages, _, _ = _world(database_url, channel=channel, consent=consent)
    assert service.set_status(code, "action_taken")
    assert _due(messages, 30) == []


def test_no_reopens_with_priority_alerts_staff_and_stops_the_reminder(database_url):
    code, service, messages, loop, alerts = _world(database_url)
    service.set_status(code, "action_taken")
    result = loop.answer(code, "not_stopped")
    assert result.status_changed
    state = service.complaint_by_code(code)
    assert (state.status, state.priority) == ("reopened", True)
    assert alerts == [(code, "not_stopped")]
    assert [m.kind for m in _due(messages, 30)] == ["status_update"]      # question and reminder cancelled


def test_yes_closes_it(database_url):
    code, service, messages, loop, alerts = _world(database_url)
    service.set_status(code, "action_taken")
    assert loop.answer(code, "stopped").status_changed
    assert service.complaint_by_code(code).status == "closed" and alerts == []


def test_an_officer_closing_the_case_cancels_the_question(database_url):
    code, service, messages, _, _ = _world(database_url)
    service.set_status(code, "action_taken")
    service.set_status(code, "closed", changed_by="3", reason="done")
    assert [m.kind for m in _due(messages, 30)] == ["status_update"]


def test_the_dashboard_counts_stopped_not_stopped_and_no_answer_per_district_and_month(database_url):
    now = datetime.now(timezone.utc)
    worlds = [_world(database_url) for _ in range(4)]
    for code, service, _, loop, _ in worlds:
        service.set_status(code, "action_taken")
    (a, _, _, loop, _), (b, *_), (c, *_), (d, *_) = worlds
    loop.answer(a, "stopped")
    loop.answer(b, "worse")
    assert loop.dashboard_counts(now) == [{"district": "Lucknow", "month": now.astimezone(INDIA).strftime("%Y-%m"),
        "stopped": 1, "not_stopped": 1, "no_answer": 0}]     # c and d: not asked yet
    later = now + timedelta(days=settings.FOLLOW_UP_DAYS + settings.FOLLOW_UP_REMINDER_DAYS + 1)
    [row] = loop.dashboard_counts(later)
    assert (row["stopped"], row["not_stopped"], row["no_answer"]) == (1, 1, 2)


def test_delete_my_data_takes_away_the_consent_and_where_to_reach_her(database_url):
    code, service, messages, loop, _ = _world(database_url)
    from tests.integration.test_complaint_service import SENDER
    assert service.forget_reporter(SENDER) == 1
    service.set_status(code, "action_taken")
    assert _due(messages, 30) == []


@pytest.mark.parametrize("text, answer, danger", [
    ("stopped", "stopped", False), ("haan ruk gaya", "stopped", False), ("हाँ, रुक गया", "stopped", False),
    ("Yes", "stopped", False), ("nahi", "not_stopped", False), ("No, he still calls", "not_stopped", False),
    ("नहीं", "not_stopped", False), ("aur badh gaya", "worse", False), ("It got worse", "worse", False),
    ("wo mujhe maar raha hai", "worse", True), ("kal movie dekhi", None, False),
])
def test_her_words_in_three_scripts(text, answer, danger):
    assert understand(text) == (answer, danger)


def test_the_messages_are_discreet_in_every_language():
    for language in ("hi", "hi-Latn", "en"):
        texts = [wording.status_update_payload("HS-ABCD-2345", language)["text"],
                 wording.follow_up_payload("HS-ABCD-2345", language, again=True)["text"],
                 *[b["title"] for b in wording.answer_buttons(language)]]
        texts += [body for bodies in wording.TEMPLATES.values() for body in bodies.values()]
        for text in texts:
            assert not [word for word in FORBIDDEN if word in text.lower()], text
