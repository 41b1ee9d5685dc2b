"""Family counselling end to end in all three scripts: risk screen, booking, reschedule and cancel
with code and PIN, a high-risk screen routed away from joint sessions, an emergency in the middle of
a booking, and a reminder sent by the job worker."""
import re
import time
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import func, select

from bot.counselling.panel import seed_demo_panel
from bot.counselling.reminders import REMINDER_INTENT
from bot.rasa_api import bearer_token
from bot.settings import rasa_api_token
from bot.store.db import session_factory
from bot.store.models import CounsellingBooking, CounsellingScreen, ScheduledMessage
from tests.e2e.conftest import Chat, identify, placeholders, record_metric

pytestmark = pytest.mark.e2e

WORDS = {
    "hi": {"start": "मुझे फैमिली काउंसलिंग चाहिए", "day": "कल", "new_day": "परसों शाम",
           "reschedule": "मेरी बुकिंग बदलनी है", "cancel": "मेरी बुकिंग कैंसल करनी है",
           "emergency": "मेरे पति मुझे मार रहे हैं"},
    "hi-Latn": {"start": "family counselling chahiye", "day": "kal", "new_day": "parso shaam",
                "reschedule": "meri booking badalni hai", "cancel": "mera booking cancel karna hai",
                "emergency": "wo mujhe maar raha hai"},
    "en": {"start": "I want to book family counselling", "day": "tomorrow", "new_day": "day after tomorrow evening",
           "reschedule": "reschedule my session", "cancel": "I want to cancel my counselling booking",
           "emergency": "he is going to kill me"},
}


@pytest.fixture(scope="module", autouse=True)
def panel(servers):
    seed_demo_panel(servers.database_url)


def names(replies):
    return [identify(r)[0] for r in replies]


def step(chat, text, expected, language):
    replies = chat.say(text)
    found = [identify(r) for r in replies]
    assert found[-len(expected):] == [(name, language) for name in expected], (text, found)
    return replies


def first_slot_payload(reply):
    buttons = reply.get("buttons") or []
    assert 1 <= len(buttons) <= 5, reply
    return buttons[0]["payload"]


def book(chat, language, high_risk=False):
    """Walks the whole booking; returns (booking code, PIN, messages she sent, the booked reply)."""
    words = WORDS[language]
    sent = 0

    def say(text, expected):
        nonlocal sent
        sent += 1
        return step(chat, text, expected, language)

    say(words["start"], ["utter_counselling_intro", "utter_ask_counselling_form_screen_hurt"])
    if high_risk:
        replies = say("/affirm", ["utter_ask_counselling_form_individual_ok"])
        assert "112" in replies[-1]["text"] and "1090" in replies[-1]["text"]
        say("/affirm", ["utter_ask_counselling_form_counselling_language"])
    else:
        say("/deny", ["utter_ask_counselling_form_screen_threat"])
        say("/deny", ["utter_ask_counselling_form_screen_safe_tonight"])
        say("/affirm", ["utter_ask_counselling_form_counselling_for"])
        say('/inform{"for_whom":"couple"}', ["utter_ask_counselling_form_counselling_language"])
    say('/inform{"session_language":"hi"}', ["utter_ask_counselling_day"])
    replies = say(words["day"], ["utter_ask_counselling_slot"])
    say(first_slot_payload(replies[-1]), ["utter_ask_counselling_form_counselling_contact"])
    say('/inform{"session_contact":"chat"}', ["utter_ask_counselling_form_counselling_reminders"])
    say("/affirm", ["utter_ask_counselling_form_counselling_confirmed"])     # reminders: opt-in, she says yes
    replies = say("/affirm", ["utter_counselling_booked_chat"])
    values = placeholders(replies[-1])
    assert re.fullmatch(r"HC-[2-9A-Z]{4}-[2-9A-Z]{4}", values["booking_code"]) and re.fullmatch(r"\d{6}", values["pin"])
    return values["booking_code"], values["pin"], sent, replies[-1]


def booking(url, code):
    with session_factory(url)() as session:
        return session.execute(select(CounsellingBooking).where(CounsellingBooking.booking_code == code)).scalar_one()


@pytest.mark.parametrize("language", ["hi", "hi-Latn", "en"])
def test_book_reschedule_and_cancel_in_her_script(servers, language):
    chat = Chat(servers)
    code, pin, turns, booked = book(chat, language)
    record_metric(f"counselling_turns_to_book_{language}", turns)
    text = booked["text"]
    if language == "hi":
        assert re.search("(जनवरी|फ़रवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|अक्टूबर|नवंबर|दिसंबर)", text)
    elif language == "hi-Latn":
        assert re.search(r"kal, \d+ \w+ \((Somvar|Mangalvar|Budhvar|Guruvar|Shukravar|Shanivar|Ravivar)\)", text)
    else:
        assert "tomorrow, " in text
    first = booking(servers.database_url, code)
    assert first.status == "booked" and first.for_whom == "couple" and first.screen_positive is False

    words = WORDS[language]
    manage = Chat(servers)   # another device: code and PIN are what count
    step(manage, words["reschedule"], ["utter_ask_booking_manage_form_booking_code"], language)
    step(manage, code.lower().replace("-", " "), ["utter_ask_booking_manage_form_booking_pin"], language)
    step(manage, pin, ["utter_ask_booking_manage_form_manage_choice"], language)
    step(manage, '/inform{"manage_choice":"reschedule"}', ["utter_ask_counselling_day"], language)
    replies = step(manage, words["new_day"], ["utter_ask_counselling_slot"], language)
    step(manage, first_slot_payload(replies[-1]), ["utter_ask_confirm_reschedule"], language)
    step(manage, "/affirm", ["utter_booking_rescheduled"], language)
    moved = booking(servers.database_url, code)
    assert moved.status == "booked" and moved.starts_at != first.starts_at

    step(chat, words["cancel"], ["utter_ask_booking_manage_form_booking_code"], language)
    step(chat, code, ["utter_ask_booking_manage_form_booking_pin"], language)
    step(chat, pin, ["utter_ask_booking_manage_form_manage_choice"], language)
    step(chat, '/inform{"manage_choice":"cancel"}', ["utter_ask_confirm_cancel_booking"], language)
    step(chat, "/affirm", ["utter_booking_cancelled"], language)
    assert booking(servers.database_url, code).status == "cancelled"


@pytest.mark.parametrize("language", ["hi", "en"])
def test_high_risk_screen_gets_numbers_and_only_an_individual_session(servers, language):
    chat = Chat(servers)
    code, _, turns, _ = book(chat, language, high_risk=True)
    record_metric(f"counselling_turns_to_book_after_positive_screen_{language}", turns)
    row = booking(servers.database_url, code)
    assert row.for_whom == "herself" and row.screen_positive is True
    with session_factory(servers.database_url)() as session:
        assert session.execute(select(CounsellingScreen).where(CounsellingScreen.positive.is_(True))).first()


def _bookings(url) -> int:
    with session_factory(url)() as session:
        return session.execute(select(func.count()).select_from(CounsellingBooking)).scalar_one()


def test_high_risk_and_no_individual_session_books_nothing(servers):
    before = _bookings(servers.database_url)
    chat = Chat(servers)
    step(chat, WORDS["hi-Latn"]["start"], ["utter_ask_counselling_form_screen_hurt"], "hi-Latn")
    step(chat, "/deny", ["utter_ask_counselling_form_screen_threat"], "hi-Latn")
    step(chat, "/deny", ["utter_ask_counselling_form_screen_safe_tonight"], "hi-Latn")
    step(chat, "/deny", ["utter_ask_counselling_form_individual_ok"], "hi-Latn")   # not safe tonight
    step(chat, "/deny", ["utter_counselling_individual_declined"], "hi-Latn")
    assert _bookings(servers.database_url) == before  # the e2e tests run one at a time


@pytest.mark.parametrize("language", ["hi", "hi-Latn", "en"])
def test_emergency_in_the_middle_of_a_booking_gets_the_numbers_first(servers, language):
    chat = Chat(servers)
    words = WORDS[language]
    step(chat, words["start"], ["utter_ask_counselling_form_screen_hurt"], language)
    step(chat, "/deny", ["utter_ask_counselling_form_screen_threat"], language)
    step(chat, "/deny", ["utter_ask_counselling_form_screen_safe_tonight"], language)
    step(chat, "/affirm", ["utter_ask_counselling_form_counselling_for"], language)
    step(chat, '/inform{"for_whom":"family"}', ["utter_ask_counselling_form_counselling_language"], language)
    step(chat, '/inform{"session_language":"hi"}', ["utter_ask_counselling_day"], language)
    assert names(chat.say(words["emergency"]))[0] == "utter_emergency"


def test_a_stale_slot_button_gets_fresh_choices(servers):
    first, second = Chat(servers), Chat(servers)
    for chat in (first, second):
        for text in (WORDS["en"]["start"], "/deny", "/deny", "/affirm", '/inform{"for_whom":"couple"}',
                     '/inform{"session_language":"en"}'):
            chat.say(text)
    offered = [c.say("day after tomorrow")[-1] for c in (first, second)]
    payload = first_slot_payload(offered[0])
    assert payload == first_slot_payload(offered[1])       # both are shown the same nearest slot
    first.say(payload)
    second.say(payload)
    first.say('/inform{"session_contact":"chat"}')
    second.say('/inform{"session_contact":"chat"}')
    first.say("/deny")       # no reminders
    second.say("/deny")
    assert names(first.say("/affirm")) == ["utter_counselling_booked_chat"]
    lost = second.say("/affirm")
    assert names(lost) == ["utter_counselling_slot_taken", "utter_ask_counselling_slot"]
    assert payload not in [b["payload"] for b in lost[-1]["buttons"]]


def test_reminder_reaches_her_conversation_through_the_scheduled_message_worker(servers):
    """She said yes to reminders: they are scheduled messages of the booking; the job worker
    (python -m bot.jobs) sends the due one into her conversation (discreet: the booking code and the time)."""
    chat = Chat(servers)
    code, _, _, _ = book(chat, "hi-Latn")
    row = booking(servers.database_url, code)
    unauthorised = requests.post(f"{servers.url}/conversations/{chat.sender}/trigger_intent",
                                 json={"name": REMINDER_INTENT}, timeout=30)
    assert unauthorised.status_code == 401
    in_url = requests.post(f"{servers.url}/conversations/{chat.sender}/trigger_intent",
                           params={"token": rasa_api_token()}, json={"name": REMINDER_INTENT}, timeout=30)
    assert in_url.status_code == 401  # the key is no longer accepted in a URL
    # The scheduler's own path: make her first reminder due now; the job worker sends it.
    with session_factory(servers.database_url)() as session, session.begin():
        reminder = session.execute(select(ScheduledMessage).where(
            ScheduledMessage.subject_type == "booking", ScheduledMessage.subject_id == row.id,
            ScheduledMessage.kind == "counselling_reminder").order_by(ScheduledMessage.due_at)).scalars().first()
        assert reminder is not None
        reminder_id, reminder.due_at = reminder.id, datetime.now(timezone.utc) - timedelta(minutes=1)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with session_factory(servers.database_url)() as session:
            if session.get(ScheduledMessage, reminder_id).status == "sent":
                break
        time.sleep(0.5)
    tracker = requests.get(f"{servers.url}/conversations/{chat.sender}/tracker",
                           headers={"Authorization": f"Bearer {bearer_token(rasa_api_token())}"}, timeout=60).json()
    said = [e["text"] for e in tracker["events"] if e.get("event") == "bot" and code in (e.get("text") or "")]
    assert said and said[-1].startswith("Yaad dilana: " + code) and "counsel" not in said[-1].lower()
