"""Reporting end to end on the default (SQLite) setup: whole reports, corrections, bad input."""
from datetime import timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import select

from actions.report import today_in_india
from bot.store.db import session_factory
from bot.store.models import Complaint
from tests.e2e.conftest import Chat, identify, record_metric
from tests.e2e.reporting import EXPECTED_STEPS, REPORTS, file_anonymous_report

pytestmark = pytest.mark.e2e


def _complaint(url, code):
    """The stored complaint as plain values (read inside the session)."""
    with session_factory(url)() as session:
        row = session.execute(select(Complaint).where(Complaint.reference_code == code)).scalar_one()
        return SimpleNamespace(category=row.category, district=row.district, contact_mode=row.contact_mode,
                               evidence=row.evidence, incident_start=row.incident_start,
                               identifier_kinds={i.kind for i in row.identifiers},
                               reporter_pseudonym=row.reporter_pseudonym, narrative_enc=row.narrative_enc)


@pytest.mark.parametrize("language", ["hi", "hi-Latn", "en"])
def test_a_whole_anonymous_report_reaches_the_database(servers, language):
    code, pin, turns = file_anonymous_report(Chat(servers), language)
    record_metric("report_turns_anonymous", turns)
    row = _complaint(servers.database_url, code)
    assert (row.category, row.district, row.contact_mode, row.evidence) == ("stalking", "Lucknow", "anonymous", "screenshots")
    assert row.incident_start == today_in_india() - timedelta(days=5)
    assert row.identifier_kinds == {"phone", "handle", "name"}
    assert row.reporter_pseudonym and len(row.reporter_pseudonym) == 64


def test_she_can_correct_a_field_before_sending(servers):
    chat = Chat(servers)
    texts = REPORTS["en"]
    for message in ("start", "safe", "category", "what", "when", "district", "place", "who"):
        chat.say(texts[message])
    chat.say('/inform{"evidence":"none"}')
    assert [n for n, _ in chat.replies('/inform{"contact_mode":"anonymous"}')] == ["utter_ask_report_form_report_confirmed"]
    assert chat.replies("/deny") == [("utter_ask_field_to_change", "en")]
    assert chat.replies('/change_report_field{"field_to_change":"district"}') == [("utter_ask_report_form_district", "en")]
    assert chat.replies("Kanpur Dehat") == [("utter_ask_report_form_place", "en")]
    summary = chat.say("skip")
    assert identify(summary[0]) == ("utter_ask_report_form_report_confirmed", "en")
    assert "Kanpur Dehat" in summary[0]["text"] and "Lucknow" not in summary[0]["text"]
    assert [n for n, _ in chat.replies("/affirm")] == ["utter_report_filed_anonymous", "utter_report_updates_web"]


def test_a_misspelt_district_is_confirmed(servers):
    chat = Chat(servers)
    texts = REPORTS["hi-Latn"]
    for message in ("start", "safe", "category", "what", "when"):
        chat.say(texts[message])
    reply = chat.say("lucknw")
    assert identify(reply[0]) == ("utter_ask_report_form_district_confirmed", "hi-Latn") and "Lucknow" in reply[0]["text"]
    assert chat.replies("haan") == [("utter_ask_report_form_place", "hi-Latn")]


@pytest.mark.parametrize("step, bad, expected", [
    ("district", "Gotham City", "utter_district_not_understood"),
    ("district", "'; DROP TABLE complaints; --", "utter_district_not_understood"),
    ("when", "purple monkey", "utter_when_not_understood"),
    ("what", "🙏🙏", "utter_description_too_short"),
    ("who", "uska number 98123 hai", "utter_phone_incomplete"),
])
def test_bad_answers_get_a_kind_re_ask_and_nothing_wrong_is_kept(servers, step, bad, expected):
    chat = Chat(servers)
    order = ["start", "safe", "category", "what", "when", "district", "place", "who"]
    for message in order[:order.index(step)]:
        chat.say(REPORTS["hi-Latn"][message])
    reply = identify(chat.say(bad)[0])[0]
    if reply == "utter_ask_report_form_discard_confirmed":
        # "DROP TABLE complaints" also reads as "drop the complaint": asking whether to discard is a
        # fair answer too, as long as "no" brings her back to the same question with nothing lost.
        assert "DROP" in bad
        assert identify(chat.say("nahi")[-1])[0] == f"utter_ask_report_form_{step}"
    else:
        assert reply == expected
    # The good answer is still accepted afterwards: the form moves on to the next question (the same
    # question again would be a re-ask, not an accepted answer).
    accepted = identify(chat.say(REPORTS["hi-Latn"][step])[-1])[0]
    assert accepted == dict(EXPECTED_STEPS)[step][-1], accepted


def test_a_10000_character_account_is_kept_whole(servers):
    chat = Chat(servers)
    for message in ("start", "safe", "category"):
        chat.say(REPORTS["en"][message])
    long_text = ("He follows me and waits outside my house. " * 250)[:10_000]
    replies = [identify(r)[0] for r in chat.say(long_text)]
    assert replies == ["utter_description_long_saved", "utter_ask_report_form_incident_when"]
    for message in ("when", "district", "place", "who"):
        chat.say(REPORTS["en"][message])
    chat.say('/inform{"evidence":"none"}')
    chat.say('/inform{"contact_mode":"anonymous"}')
    from tests.e2e.conftest import placeholders
    from bot.store.encryption import decrypt_text
    code = placeholders(chat.say("/affirm")[0])["reference_code"]
    assert decrypt_text(_complaint(servers.database_url, code).narrative_enc) == long_text.strip()


def test_an_account_longer_than_one_message_is_joined_from_its_parts(servers):
    """Issue 19: the web chat takes 20,000 characters a message; a longer account is cut at a space,
    she is asked for the rest, and the rest joins her account instead of answering "when?"."""
    chat = Chat(servers)
    for message in ("start", "safe", "category"):
        chat.say(REPORTS["en"][message])
    first = "He follows me and waits outside my house. " * 500  # 21,000 characters
    answers = chat.say(first)
    assert "send the rest in another message" in answers[0]["text"]
    assert [identify(r)[0] for r in answers[1:]] == ["utter_description_long_saved",
                                                     "utter_ask_report_form_incident_when"]
    rest = "He also writes about me to my friends and posts my photos without asking."
    assert [identify(r)[0] for r in chat.say(rest)] == ["utter_description_long_saved",
                                                       "utter_ask_report_form_incident_when"]
    for message in ("when", "district", "place", "who"):
        chat.say(REPORTS["en"][message])
    chat.say('/inform{"evidence":"none"}')
    chat.say('/inform{"contact_mode":"anonymous"}')
    from tests.e2e.conftest import placeholders
    from bot.store.encryption import decrypt_text
    code = placeholders(chat.say("/affirm")[0])["reference_code"]
    narrative = decrypt_text(_complaint(servers.database_url, code).narrative_enc)
    head = first[:20_000]
    assert narrative == head[:head.rfind(" ", 19_800)].strip() + "\n" + rest


def test_danger_words_in_her_account_give_the_numbers_and_keep_the_report(servers):
    chat = Chat(servers)
    for message in ("start", "safe", "category"):
        chat.say(REPORTS["hi-Latn"][message])
    replies = [identify(r)[0] for r in chat.say("pichle hafte usne mujhe jaan se maar dene ki dhamki di thi")]
    assert replies == ["utter_emergency", "utter_ask_report_form_feels_safe"]
    assert [identify(r)[0] for r in chat.say("haan")] == ["utter_ask_report_form_incident_when"]


def test_an_interrupted_report_resumes_where_she_left_it(servers):
    chat = Chat(servers)
    for message in ("start", "safe", "category", "what"):
        chat.say(REPORTS["en"][message])
    assert identify(chat.say("he is hitting me right now")[0])[0] == "utter_emergency"
    assert [n for n, _ in chat.replies(REPORTS["en"]["start"])] == ["utter_ask_report_form_feels_safe"]
    assert [n for n, _ in chat.replies("yes")] == ["utter_ask_report_form_incident_when"]
