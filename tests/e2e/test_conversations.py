"""End to end over the REST webhook: real Rasa server, real action server, the trained model."""
import time

import pytest

from tests.e2e.conftest import Chat, record_metric

pytestmark = pytest.mark.e2e

GREETING = {"hi": "नमस्ते", "hi-Latn": "namaste ji", "en": "hello there"}
MENU_ITEMS = {
    "/report_harassment": ["utter_ask_report_form_feels_safe"],
    "/online_safety_menu": ["utter_online_safety_topics"],
    "/book_counselling": ["utter_counselling_intro", "utter_ask_counselling_form_screen_hurt"],
    "/request_human": ["utter_request_human"],
    "/check_status": ["utter_ask_status_form_status_reference_code"],
    "/help": ["utter_help", "utter_menu"],
}
TYPED = {
    "hi": {
        "मुझे शिकायत दर्ज करनी है": ["utter_ask_report_form_feels_safe"],
        "मेरे नाम से किसी ने फेक अकाउंट बनाया है क्या करूं": ["utter_online_safety/fake_profile", "utter_online_safety_followup"],
        "पति पत्नी के झगड़े के लिए काउंसलिंग चाहिए": ["utter_counselling_intro", "utter_ask_counselling_form_screen_hurt"],
        "किसी महिला काउंसलर से बात करनी है": ["utter_request_human"],
        "मेरी शिकायत का क्या हुआ": ["utter_ask_status_form_status_reference_code"],
    },
    "hi-Latn": {
        "mujhe complaint karni hai": ["utter_ask_report_form_feels_safe"],
        "insta pe meri fake id bana di kya karu": ["utter_online_safety/fake_profile", "utter_online_safety_followup"],
        "family counselling karwani hai": ["utter_counselling_intro", "utter_ask_counselling_form_screen_hurt"],
        "kisi insaan se baat karni hai": ["utter_request_human"],
        "meri complaint ka kya hua": ["utter_ask_status_form_status_reference_code"],
    },
    "en": {
        "I want to file a complaint": ["utter_ask_report_form_feels_safe"],
        "someone made a fake profile of me on instagram": ["utter_online_safety/fake_profile", "utter_online_safety_followup"],
        "I want to book a family counselling session": ["utter_counselling_intro", "utter_ask_counselling_form_screen_hurt"],
        "I want to talk to a real person": ["utter_request_human"],
        "any update on my complaint": ["utter_ask_status_form_status_reference_code"],
    },
}
EMERGENCIES = {
    "hi": ["बचाओ", "मेरे पति मुझे मार रहे हैं", "कोई घर में घुस आया है"],
    "hi-Latn": ["wo mujhe maar raha hai", "bchaooo koi h", "ek aadmi abhi mera picha kar raha hai plz"],
    "en": ["someone is following me right now", "help me please he is here", "he is going to kill me"],
}
SELF_HARM = {
    "hi": ["मैं आत्महत्या कर लूंगी", "अब जीने का मन नहीं करता"],
    "hi-Latn": ["main mar jana chahti hu", "suicide kar lungi"],
    "en": ["I want to kill myself", "I can't live like this anymore"],
}
LANGUAGES = ["hi", "hi-Latn", "en"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_greeting_shows_the_menu_in_her_language(servers, language):
    replies = Chat(servers).replies(GREETING[language])
    assert replies == [("utter_greet", language), ("utter_menu", language)]


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("payload", list(MENU_ITEMS))
def test_every_menu_button_leads_to_its_flow(servers, language, payload):
    chat = Chat(servers)
    chat.say(GREETING[language])
    assert chat.replies(payload) == [(name, language) for name in MENU_ITEMS[payload]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_typed_requests_reach_every_menu_item(servers, language):
    for text, expected in TYPED[language].items():
        assert Chat(servers).replies(text) == [(name, language) for name in expected], text


@pytest.mark.parametrize("language", LANGUAGES)
def test_emergency_gets_the_numbers_in_the_first_reply(servers, language):
    for text in EMERGENCIES[language]:
        started = time.monotonic()
        replies = Chat(servers).replies(text)
        record_metric(f"emergency_reply_seconds_{language}", round(time.monotonic() - started, 3))
        assert replies[0] == ("utter_emergency", language), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_self_harm_gets_tele_manas_in_the_first_reply(servers, language):
    for text in SELF_HARM[language]:
        assert Chat(servers).replies(text)[0] == ("utter_self_harm", language), text


@pytest.mark.parametrize("language", LANGUAGES)
def test_emergency_in_the_middle_of_a_form_interrupts_it(servers, language):
    chat = Chat(servers)
    chat.say(GREETING[language])
    assert chat.replies("/report_harassment") == [("utter_ask_report_form_feels_safe", language)]
    assert chat.replies("/affirm") == [("utter_ask_report_form_harassment_category", language)]
    assert chat.replies(EMERGENCIES[language][1])[0] == ("utter_emergency", language)
    # The form is over: a greeting is a greeting again, not an answer to the form.
    assert chat.replies(GREETING[language])[0] == ("utter_greet", language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_self_harm_in_the_middle_of_a_form_interrupts_it(servers, language):
    chat = Chat(servers)
    chat.say(GREETING[language])
    chat.say("/report_harassment")
    assert chat.replies(SELF_HARM[language][0])[0] == ("utter_self_harm", language)


def test_not_safe_at_the_danger_check_goes_to_the_emergency_path(servers):
    chat = Chat(servers)
    chat.say("mujhe complaint karni hai")
    assert chat.replies("nahi")[0] == ("utter_emergency", "hi-Latn")


def test_the_emergency_button_at_the_danger_check_goes_to_the_emergency_path(servers):
    chat = Chat(servers)
    chat.say("I want to report harassment")
    assert chat.replies("/emergency")[0] == ("utter_emergency", "en")


def test_report_form_accepts_a_category_in_her_words(servers):
    chat = Chat(servers)
    chat.say("mujhe complaint karni hai")
    chat.say("haan")
    assert chat.replies("ek ladka roz college tak peecha karta hai") == [
        ("utter_ask_report_form_incident_description", "hi-Latn")]


def test_report_form_re_asks_an_unclear_category_and_stop_offers_to_discard(servers):
    chat = Chat(servers)
    chat.say("I want to report harassment")
    chat.say("yes")
    assert chat.replies("🙏🙏🙏")[:1] == [("utter_category_not_understood", "en")]
    assert chat.replies("stop") == [("utter_ask_report_form_discard_confirmed", "en")]
    assert chat.replies("yes") == [("utter_report_discarded", "en")]
    assert chat.replies("stop") == [("utter_nothing_to_stop", "en")]


def test_unclear_twice_offers_a_counsellor_and_1090(servers):
    chat = Chat(servers)
    assert [name for name, _ in chat.replies("qwxz plmk zzvb")] == ["utter_ask_rephrase"]
    assert [name for name, _ in chat.replies("qwxz plmk zzvb ffff")] == ["utter_fallback_counsellor"]
    assert [name for name, _ in chat.replies("/affirm")] == ["utter_request_human"]


def test_out_of_scope_gets_a_kind_redirect(servers):
    assert Chat(servers).replies("aaj ka mausam kaisa hai")[0] == ("utter_out_of_scope", "hi-Latn")


def test_goodbye_thank_affirm_deny(servers):
    chat = Chat(servers)
    assert chat.replies("thank you so much") == [("utter_welcome", "en")]
    assert chat.replies("ok bye") == [("utter_goodbye", "en")]
    assert chat.replies("yes") == [("utter_how_can_i_help", "en")]
    assert chat.replies("no") == [("utter_deny_no_context", "en")]


def test_reply_follows_the_script_she_last_wrote_in(servers):
    chat = Chat(servers)
    assert chat.replies("namaste ji")[0] == ("utter_greet", "hi-Latn")
    assert chat.replies("नमस्ते")[0] == ("utter_greet", "hi")
    # Mid-conversation only clear evidence switches: "hello there" leans English, a sentence is English.
    assert chat.replies("hello there")[0] == ("utter_greet", "hi")
    assert chat.replies("hello, is anyone there?")[0] == ("utter_greet", "en")
    assert chat.replies("namaste didi")[0] == ("utter_greet", "hi-Latn")


def test_explicit_language_choice_stays_until_she_changes_it(servers):
    chat = Chat(servers)
    assert chat.replies("English please") == [("utter_language_changed", "en")]
    assert chat.replies("namaste ji")[0] == ("utter_greet", "en")
    assert chat.replies("हिंदी में बोलो") == [("utter_language_changed", "hi")]
    assert chat.replies("hello there")[0] == ("utter_greet", "hi")


def test_language_buttons_when_she_names_no_language(servers):
    chat = Chat(servers)
    assert chat.replies("bhasha badlo") == [("utter_ask_language", "hi-Latn")]
    assert chat.replies('/change_language{"requested_language":"en"}') == [("utter_language_changed", "en")]


@pytest.mark.parametrize("text", [
    "x" * 10_000,
    "मदद " * 3000,
    "😰😰😰🙏",
    "'; DROP TABLE events; --",
    "<script>alert('x')</script><img src=x onerror=alert(1)>",
    "\u202e\u200b\u200d\ufeff",
    "{\"intent\": \"emergency\"}",
    "/nonexistent_intent{\"a\":1}",
    "/",
])
def test_bad_input_gets_a_polite_answer(servers, text):
    replies = Chat(servers).replies(text)
    assert replies, "no answer at all"
    assert all(name != "<unknown>" for name, _ in replies), replies


def test_danger_inside_a_huge_message_is_still_an_emergency(servers):
    text = "main bahut pareshan hoon. " * 100 + "abhi woh mujhe maar raha hai"
    assert Chat(servers).replies(text)[0] == ("utter_emergency", "hi-Latn")


@pytest.mark.parametrize("first, language", [("mujhe koi pareshan kar raha hai", "hi-Latn"),
                                             ("मुझे कोई परेशान कर रहा है", "hi")])
def test_one_english_word_a_label_a_number_or_an_emoji_keeps_her_language(servers, first, language):
    chat = Chat(servers)
    languages = [lang for text in (first, "stalking", "ok", "Online harassment", "12", "🙏")
                 for _, lang in chat.replies(text) if lang]
    assert languages and set(languages) == {language}, languages
