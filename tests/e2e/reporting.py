"""A complete anonymous report, typed the way she would in each script (shared by e2e tests)."""
import re

from tests.e2e.conftest import Chat, placeholders

REPORTS = {
    "hi": {
        "start": "मुझे शिकायत दर्ज करनी है",
        "safe": "हाँ",
        "category": "एक लड़का रोज़ कॉलेज तक पीछा करता है",
        "what": "वह रोज़ बस स्टॉप से कॉलेज तक मेरे पीछे आता है और गंदे इशारे करता है। मना करने पर भी नहीं रुकता।",
        "when": "5 दिन से",
        "district": "लखनऊ",
        "place": "गोमती नगर",
        "who": "उसका नंबर ९८१२३४५६७८ है और इंस्टा पर @rohan_x",
    },
    "hi-Latn": {
        "start": "mujhe complaint karni hai",
        "safe": "haan",
        "category": "ek ladka roz college tak peecha karta hai",
        "what": "wo roz bus stop se college tak mere peeche aata hai aur gande ishare karta hai, mana karne pe bhi nahi rukta",
        "when": "5 din se",
        "district": "lucknow",
        "place": "gomti nagar",
        "who": "uska number 98123 45678 hai aur insta pe @rohan_x",
    },
    "en": {
        "start": "I want to report harassment",
        "safe": "yes",
        "category": "a man follows me to college every day",
        "what": "He follows me from the bus stop to college every day and makes obscene gestures. He does not stop when I tell him to.",
        "when": "for 5 days",
        "district": "Lucknow",
        "place": "Gomti Nagar",
        "who": "his number is +91 98123 45678 and he is @rohan_x on instagram",
    },
}
EXPECTED_STEPS = [
    ("start", ["utter_ask_report_form_feels_safe"]),
    ("safe", ["utter_ask_report_form_harassment_category"]),
    ("category", ["utter_ask_report_form_incident_description"]),
    ("what", ["utter_ask_report_form_incident_when"]),
    ("when", ["utter_when_understood", "utter_ask_report_form_district"]),
    ("district", ["utter_ask_report_form_place"]),
    ("place", ["utter_ask_report_form_harasser_info"]),
    ("who", ["utter_ask_report_form_evidence"]),
    ('/inform{"evidence":"screenshots"}', ["utter_ask_report_form_contact_mode"]),
    ('/inform{"contact_mode":"anonymous"}', ["utter_ask_report_form_report_confirmed"]),
    # Over REST (the web widget's way) she is told that updates come at her next status check.
    ("/affirm", ["utter_report_filed_anonymous", "utter_report_updates_web"]),
]


def file_anonymous_report(chat: Chat, language: str):
    """Walks the whole form; returns (reference code, PIN, number of messages she sent)."""
    texts = REPORTS[language]
    last = None
    for step, expected in EXPECTED_STEPS:
        message = texts.get(step, step)
        replies = chat.say(message)
        from tests.e2e.conftest import identify
        assert [identify(r) for r in replies] == [(name, language) for name in expected], (step, replies)
        last = replies
    values = placeholders(last[0])
    assert re.fullmatch(r"HS-[2-9A-Z]{4}-[2-9A-Z]{4}", values["reference_code"])
    assert re.fullmatch(r"\d{6}", values["pin"])
    return values["reference_code"], values["pin"], len(EXPECTED_STEPS)
