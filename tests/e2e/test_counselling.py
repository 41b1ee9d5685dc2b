"""Family counselling end to end in all three scripts: risk screen, booking, reschedule and cancel
with code and PIN, a high-risk screen routed away from joint sessions, an emergency in the middle of
a booking, and a reminder delivered through Rasa's trigger_intent API."""
import json
import re
from datetime import datetime, timedelta, timezone

import pytest
import requests
from sqlalchemy import select, update

from bot.counselling.panel import seed_demo_panel
from bot.counselling.reminders import REMINDER_INTENT, RasaReminderSender
from bot.counselling.service import CounsellingService
from bot.rasa_api import bearer_token
from bot.settings import rasa_api_token
from bot.store.db import session_factory
from bot.store.models import CounsellingBooking, CounsellingReminder, CounsellingScreen
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
    say('/inform{"session_contact":"chat"}', ["utter_ask_counselling_form_counselling_confirmed"])
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


def test_high_risk_and_no_individual_session_books_nothing(servers):
    chat = Chat(servers)
    step(chat, WORDS["hi-Latn"]["start"], ["utter_ask_counselling_form_screen_hurt"], "hi-Latn")
    step(chat, "/deny", ["utter_ask_counselling_form_screen_threat"], "hi-Latn")
    step(chat, "/deny", ["utter_ask_counselling_form_screen_safe_tonight"], "hi-Latn")
    step(chat, "/deny", ["utter_ask_counselling_form_individual_ok"], "hi-Latn")   # not safe tonight
    step(chat, "/deny", ["utter_counselling_individual_declined"], "hi-Latn")


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
    assert names(first.say("/affirm")) == ["utter_counselling_booked_chat"]
    lost = second.say("/affirm")
    assert names(lost) == ["utter_counselling_slot_taken", "utter_ask_counselling_slot"]
    assert payload not in [b["payload"] for b in lost[-1]["buttons"]]


def test_reminder_reaches_her_conversation_through_the_rasa_api(servers):
    chat = Chat(servers)
    code, _, _, _ = book(chat, "hi-Latn")
    row = booking(servers.database_url, code)
    starts = row.starts_at if row.starts_at.tzinfo else row.starts_at.replace(tzinfo=timezone.utc)
    response = requests.post(f"{servers.url}/conversations/{chat.sender}/trigger_intent",
                             params={"output_channel": "latest"},
                             headers={"Authorization": f"Bearer {bearer_token(rasa_api_token())}"},
                             json={"name": REMINDER_INTENT, "entities": {"reminder_kind": "day_before",
                                                                         "reminder_starts_at": starts.isoformat()}},
                             timeout=60)
    assert response.status_code == 200
    assert [identify(m) for m in response.json()["messages"]] == [("utter_counselling_reminder_day_before", "hi-Latn")]
    unauthorised = requests.post(f"{servers.url}/conversations/{chat.sender}/trigger_intent",
                                 json={"name": REMINDER_INTENT}, timeout=30)
    assert unauthorised.status_code == 401
    in_url = requests.post(f"{servers.url}/conversations/{chat.sender}/trigger_intent",
                           params={"token": rasa_api_token()}, json={"name": REMINDER_INTENT}, timeout=30)
    assert in_url.status_code == 401  # the key is no longer accepted in a URL
    # The scheduler's own path: make her first reminder due now and deliver it. (A session less than
    # a day away has only the hour-before reminder.)
    now = datetime.now(timezone.utc)
    with session_factory(servers.database_url)() as session, session.begin():
        reminder = session.execute(select(CounsellingReminder).where(CounsellingReminder.booking_id == row.id)
                                   .order_by(CounsellingReminder.due_at)).scalars().first()
        assert reminder is not None
        reminder_id, reminder.due_at = reminder.id, now - timedelta(minutes=1)
    CounsellingService(servers.database_url).deliver_due_reminders(RasaReminderSender(servers.url, rasa_api_token()))
    with session_factory(servers.database_url)() as session:
        # Sent by this call, or just before by the action server's own reminder loop: either way once.
        assert session.get(CounsellingReminder, reminder_id).sent_at is not None
