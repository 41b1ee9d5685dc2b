"""Issue 5 over the REST webhook: a typed question gets the short advice and the offer, "more" (button
or typed) the longer version of the same topic, and a topic button the advice for that topic."""
import pytest

from tests.e2e.conftest import Chat

pytestmark = pytest.mark.e2e

# (typed question, its topic, "more" typed in the same script): phrasings from the issue itself.
CONVERSATIONS = {
    "hi": ("मेरी फोटो एडिट करके डाल दी है", "intimate_images", "और बताइए"),
    "hi-Latn": ("insta pe meri fake id bana di kya karu", "fake_profile", "aur batao"),
    "en": ("how to stop someone adding me to whatsapp groups", "account_security", "tell me more"),
}


@pytest.mark.parametrize("language", sorted(CONVERSATIONS))
def test_typed_question_then_more_by_button_and_by_typing(servers, language):
    question, topic, more = CONVERSATIONS[language]
    chat = Chat(servers)
    assert chat.replies(question) == [(f"utter_online_safety/{topic}", language),
                                      ("utter_online_safety_followup", language)]
    expected_more = [(f"utter_online_safety_more_{topic}", language), ("utter_online_safety_after_more", language)]
    assert chat.replies("/online_safety_more") == expected_more
    assert chat.replies(more) == expected_more


@pytest.mark.parametrize("language", sorted(CONVERSATIONS))
def test_a_topic_button_answers_and_more_expands_it(servers, language):
    chat = Chat(servers)
    chat.say(CONVERSATIONS[language][2])  # sets the language; no topic yet, so it asks which
    assert chat.replies('/choose_online_safety_topic{"online_safety_topic":"lost_phone"}') == [
        ("utter_online_safety/lost_phone", language), ("utter_online_safety_followup", language)]
    assert chat.replies("/online_safety_more")[0] == ("utter_online_safety_more_lost_phone", language)


def test_more_before_any_answer_asks_which_topic(servers):
    assert Chat(servers).replies("can you tell me more about it please") == [("utter_online_safety_more_which", "en")]


def test_the_offer_leads_to_a_complaint(servers):
    chat = Chat(servers)
    chat.say("someone made a deepfake video of me")
    assert chat.replies("/report_harassment") == [("utter_ask_report_form_feels_safe", "en")]


def test_advice_still_arrives_when_the_action_server_is_down(servers):
    # The ResponseSelector's answer needs no action server; only the offer after it does.
    servers.stop_action_server()
    try:
        assert Chat(servers).replies("someone made a deepfake video of me") == [
            ("utter_online_safety/deepfakes", "en"), ("utter_action_unavailable", "en")]
    finally:
        servers.start_action_server()


# Image threats whose kind the classifier cannot tell (bot/nlu/image_threat_clarifier.py): one question
# with the four topics as buttons, in her script; her choice gets that topic's advice.
UNCLEAR_IMAGE_THREATS = {
    # From the dev questions (bench/dev), where the top two topics were closer than the margin.
    "hi-Latn": "college ke kuch ldke ldkiyo ki ai se gandi photos bna rhe h",
}


@pytest.mark.parametrize("language", sorted(UNCLEAR_IMAGE_THREATS))
def test_an_unclear_image_threat_gets_one_question_then_the_chosen_advice(servers, language):
    chat = Chat(servers)
    assert chat.replies(UNCLEAR_IMAGE_THREATS[language]) == [("utter_ask_image_threat_topic", language)]
    assert chat.replies('/choose_online_safety_topic{"online_safety_topic":"deepfakes"}') == [
        ("utter_online_safety/deepfakes", language), ("utter_online_safety_followup", language)]


@pytest.mark.parametrize("language, opener", [("hi", "नमस्ते, मुझे सलाह चाहिए"), ("en", "hello, I need some advice please")])
def test_the_question_is_asked_in_her_script(servers, language, opener):
    chat = Chat(servers)
    chat.say(opener)
    assert chat.replies("/clarify_image_threat") == [("utter_ask_image_threat_topic", language)]
