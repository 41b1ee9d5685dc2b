"""Status check with code and PIN, lockout, and "delete my data", end to end."""
import pytest

from bot.complaints.codes import new_reference_code
from bot.store.pseudonym import pseudonym
from tests.e2e.conftest import Chat
from tests.e2e.reporting import file_anonymous_report

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language, ask", [("hi", "मेरी शिकायत का क्या हुआ"), ("hi-Latn", "meri complaint ka kya hua"),
                                           ("en", "any update on my complaint")])
def test_status_check_in_her_language(servers, language, ask):
    code, pin, _ = file_anonymous_report(Chat(servers), language)
    chat = Chat(servers)
    assert chat.replies(ask) == [("utter_ask_status_form_status_reference_code", language)]
    assert chat.replies(code.lower().replace("-", " ")) == [("utter_ask_status_form_status_pin", language)]
    assert chat.replies(pin) == [("utter_status_result", language)]


def test_code_in_the_first_message_and_wrong_pins_lock(servers):
    code, pin, _ = file_anonymous_report(Chat(servers), "en")
    chat = Chat(servers)
    assert chat.replies(f"please check the status of {code}") == [("utter_ask_status_form_status_pin", "en")]
    wrong = "000000" if pin != "000000" else "111111"
    assert [n for n, _ in chat.replies(wrong)][0] == "utter_status_mismatch"
    for _ in range(3):
        chat.say(code)
        chat.say(wrong)
    chat.say(code)
    assert [n for n, _ in chat.replies(wrong)][0] == "utter_status_locked"
    other = Chat(servers)
    other.say(f"status {code}")
    assert [n for n, _ in other.replies(pin)][0] == "utter_status_locked"


@pytest.mark.parametrize("bad", ["HS-XXXX", "🙏", "<b>HS</b>", "'; DELETE FROM complaints; --"])
def test_bad_codes_are_asked_again(servers, bad):
    chat = Chat(servers)
    chat.say("any update on my complaint")
    assert [n for n, _ in chat.replies(bad)][0] == "utter_reference_code_not_understood"


def test_unknown_code_gets_the_same_answer_as_a_wrong_pin(servers):
    chat = Chat(servers)
    chat.say("check status HS-2345-6789")
    assert [n for n, _ in chat.replies("123456")][0] == "utter_status_mismatch"


def test_an_unknown_code_locks_after_as_many_tries_as_a_real_one(servers):
    """Otherwise "locked" would tell a harasser which of the codes he tries are real."""
    unknown = new_reference_code()
    chat = Chat(servers)
    assert chat.replies(f"please check the status of {unknown}") == [("utter_ask_status_form_status_pin", "en")]
    assert [n for n, _ in chat.replies("123456")][0] == "utter_status_mismatch"
    for _ in range(3):
        chat.say(unknown)
        chat.say("123456")
    chat.say(unknown)
    assert [n for n, _ in chat.replies("123456")][0] == "utter_status_locked"


def _event_types(servers, chat):
    import sqlite3
    with sqlite3.connect(servers.log_dir / "tracker.db") as db:
        return [t for (t,) in db.execute("SELECT type_name FROM events WHERE sender_id = ?",
                                         (pseudonym("conversation", chat.sender),))]


def test_delete_my_data_erases_the_conversation_and_unlinks_reports(servers):
    chat = Chat(servers)
    code, pin, _ = file_anonymous_report(chat, "hi-Latn")
    assert "user" in _event_types(servers, chat)  # what the deletion must remove is there to begin with
    assert chat.replies("meri saari chat delete kar do") == [("utter_ask_confirm_delete", "hi-Latn")]
    reply = "\n\n".join(message["text"] for message in chat.say("haan"))   # REST: a message per paragraph
    from bot.privacy.wording import ERASED
    assert reply.startswith(ERASED.hi_latn) and "Rakha gaya: aapki 1 darj shikayat" in reply
    types = _event_types(servers, chat)
    assert types, "no events found for her conversation: the query looks in the wrong place"
    assert "user" not in types  # nothing she typed is left
    assert "bot" in types  # only the confirmation that it was done
    from tests.e2e.test_reporting import _complaint
    assert _complaint(servers.database_url, code).reporter_pseudonym is None
    status = Chat(servers)
    status.say(f"status {code}")
    assert [n for n, _ in status.replies(pin)] == ["utter_status_result"]  # code and PIN still work


@pytest.mark.parametrize("language, ask, shown", [
    ("hi", "मेरी शिकायत का क्या हुआ", "फिर से खोली गई है"),
    ("hi-Latn", "meri complaint ka kya hua", "is par kaam chal raha hai"),
    ("en", "any update on my complaint", "in progress"),
])
def test_she_reads_what_the_officer_set_in_her_language(servers, language, ask, shown):
    """An officer's status change (the desk's one set_status) is what her status check says."""
    from bot.complaints.service import ComplaintService
    code, pin, _ = file_anonymous_report(Chat(servers), language)
    service = ComplaintService(url=servers.database_url)
    service.set_status(code, "in_progress", changed_by="1", reason="Called the station")
    if language == "hi":
        service.reopen(code, "फिर से परेशान कर रहा है")
    chat = Chat(servers)
    chat.say(ask)
    chat.say(code)
    [answer] = [m.get("text") or "" for m in chat.say(pin)]
    assert shown in answer and code in answer
