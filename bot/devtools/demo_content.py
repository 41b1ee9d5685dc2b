"""What the demo data says: fictional narratives, places, names, handles and phone numbers.

Everything here is invented and marked so: every narrative, place and description starts with
"[DEMO]", staff names say "(demo)", and every phone number is in Ofcom's drama range
+44 7700 900000 to +44 7700 900999, which the UK regulator reserves for fiction and never assigns
(India has no such range; a real-looking +91 number could belong to someone). Nothing here is a real
woman's words. bot/devtools/demo_data.py puts it into the database through our services.
"""
import random
from typing import Dict, List, Tuple

MARK = "[DEMO]"
# Ofcom's numbers for TV and radio drama (never assigned to anyone): +44 7700 900000-900999.
FAKE_NUMBER_PREFIX = "+447700900"

# Per category, in the three ways she writes (hi, hi-Latn, en). Short, plain, clearly fictional.
NARRATIVES: Dict[str, Dict[str, List[str]]] = {
    "stalking": {
        "hi": ["[DEMO] काल्पनिक उदाहरण: एक आदमी रोज़ शाम को कोचिंग से घर तक मेरा पीछा करता है।",
               "[DEMO] काल्पनिक: मोहल्ले का एक लड़का हफ़्ते भर से गली के मोड़ पर खड़ा होकर घूरता है और पीछे आता है।"],
        "hi-Latn": ["[DEMO] kalpanik udaharan: ek aadmi roz bus stop se ghar tak peecha karta hai.",
                    "[DEMO] kalpanik: college ke bahar ek ladka bike par roz follow karta hai."],
        "en": ["[DEMO] Fictional example: a man has followed me from the market to my lane for two weeks.",
               "[DEMO] Fictional: someone waits outside my office every evening and walks behind me."],
    },
    "calls_messages": {
        "hi": ["[DEMO] काल्पनिक उदाहरण: एक अनजान नंबर से रात को बार-बार गंदे कॉल आते हैं।",
               "[DEMO] काल्पनिक: कोई मैसेज पर धमकी भेजता है और नंबर बदल-बदल कर कॉल करता है।"],
        "hi-Latn": ["[DEMO] kalpanik: ek number se raat ko baar baar ganda call aata hai.",
                    "[DEMO] kalpanik udaharan: koi roz ashleel message bhejta hai, block karne par naye number se."],
        "en": ["[DEMO] Fictional example: obscene calls at night from a number I do not know.",
               "[DEMO] Fictional: a man sends threatening messages and calls from new numbers when blocked."],
    },
    "online": {
        "hi": ["[DEMO] काल्पनिक उदाहरण: किसी ने मेरे नाम से फ़ेक प्रोफ़ाइल बनाकर मेरी फ़ोटो डाली है।",
               "[DEMO] काल्पनिक: एक अकाउंट मेरी फ़ोटो बदलकर ब्लैकमेल करने की धमकी दे रहा है।"],
        "hi-Latn": ["[DEMO] kalpanik: insta par meri photo se fake id bani hai.",
                    "[DEMO] kalpanik udaharan: ek account morph photo viral karne ki dhamki de raha hai."],
        "en": ["[DEMO] Fictional example: a fake profile uses my photos and messages my friends.",
               "[DEMO] Fictional: an account threatens to share edited photos unless I pay."],
    },
    "domestic": {
        "hi": ["[DEMO] काल्पनिक उदाहरण: ससुराल वाले दहेज के लिए ताने देते हैं और धमकाते हैं।",
               "[DEMO] काल्पनिक: पति शराब पीकर गाली-गलौज करता है।"],
        "hi-Latn": ["[DEMO] kalpanik: sasural wale dahej ke liye pareshan karte hain.",
                    "[DEMO] kalpanik udaharan: pati roz jhagda karta hai aur ghar se nikalne ki dhamki deta hai."],
        "en": ["[DEMO] Fictional example: my in-laws shout at me over dowry and keep my phone.",
               "[DEMO] Fictional: my husband threatens me when he has been drinking."],
    },
    "workplace": {
        "hi": ["[DEMO] काल्पनिक उदाहरण: दफ़्तर में मैनेजर अश्लील बातें करता है।",
               "[DEMO] काल्पनिक: एक सहकर्मी देर रात मैसेज करता है और मना करने पर धमकाता है।"],
        "hi-Latn": ["[DEMO] kalpanik: office ka boss gandi baatein karta hai.",
                    "[DEMO] kalpanik udaharan: naukri par ek colleague roz pareshan karta hai."],
        "en": ["[DEMO] Fictional example: my manager makes comments about my body in meetings.",
               "[DEMO] Fictional: a colleague messages me late at night and threatens my job when I refuse."],
    },
    "public": {
        "hi": ["[DEMO] काल्पनिक उदाहरण: बस में रोज़ एक आदमी छेड़ता है।",
               "[DEMO] काल्पनिक: बाज़ार में कुछ लड़के कमेंट करते हैं और रास्ता रोकते हैं।"],
        "hi-Latn": ["[DEMO] kalpanik: auto stand par ladke chhedte hain.",
                    "[DEMO] kalpanik udaharan: metro me ek aadmi roz pareshan karta hai."],
        "en": ["[DEMO] Fictional example: men pass comments at the bus stand every morning.",
               "[DEMO] Fictional: a group of boys blocks my way near the college gate."],
    },
    "other": {
        "hi": ["[DEMO] काल्पनिक उदाहरण: पड़ोसी मेरी छत पर आकर झाँकता है।"],
        "hi-Latn": ["[DEMO] kalpanik: padosi roz pareshan karta hai, samajh nahi aata kya karun."],
        "en": ["[DEMO] Fictional example: a neighbour keeps coming to our door when I am alone."],
    },
}

PLACES = ["[DEMO] near the bus stand", "[DEMO] outside the coaching centre", "[DEMO] the main market",
          "[DEMO] near the college gate", "[DEMO] my lane", "[DEMO] the office", "[DEMO] online only",
          "[DEMO] railway station road"]
WHEN_TEXTS = {"hi": "[DEMO] पिछले हफ़्ते से", "hi-Latn": "[DEMO] pichhle hafte se", "en": "[DEMO] since last week"}
HARASSER_DESCRIPTIONS = ["[DEMO] a neighbour, fictional name 'Demo Kumar'", "[DEMO] unknown man",
                         "[DEMO] a colleague, fictional name 'Sample Verma'", "[DEMO] a relative",
                         "[DEMO] a boy from the coaching centre"]
REASONS = {
    "in_progress": "[DEMO] Called her back; the police station is informed.",
    "action_taken": "[DEMO] He was warned at the police station (fictional).",
    "closed": "[DEMO] Closed after the fictional follow-up call.",
    "reopened": "[DEMO] Reopened: she says it has started again (fictional).",
}
NOTES = ["[DEMO] Fictional note: spoke to the SHO of the area.",
         "[DEMO] Fictional note: asked her to keep the screenshots."]
SHARED = ["[DEMO] He keeps calling at night (fictional).", "[DEMO] I am scared to go to college (fictional).",
          "[DEMO] My husband took my phone yesterday (fictional)."]

# The demo staff accounts: (username, display name, role). Passwords are made when they are created.
STAFF: List[Tuple[str, str, str]] = [
    ("demo.supervisor", "Demo Supervisor (demo)", "supervisor"),
    ("demo.counsellor", "Demo Counsellor Asha (demo)", "counsellor"),
    ("demo.counsellor2", "Demo Counsellor Bina (demo)", "counsellor"),
    ("demo.officer", "Demo Officer Meera (demo)", "officer"),
    ("demo.officer2", "Demo Officer Rekha (demo)", "officer"),
]


def fake_number(index: int) -> str:
    """A number in Ofcom's drama range (fiction only), E.164."""
    return f"{FAKE_NUMBER_PREFIX}{index % 1000:03d}"


def narrative(rng: random.Random, category: str, language: str) -> str:
    return rng.choice(NARRATIVES[category][language])
