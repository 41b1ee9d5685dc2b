"""What scheduled messages say, in hi, hi-Latn and en, and the WhatsApp templates behind them.

Discreet on a shared phone: the reference code only, never a word such as "harassment",
"complaint", "police" or "1090" (a test checks every variant). The follow-up question offers three
answers as buttons; typed answers are understood too (bot/complaints/feedback.py).

WhatsApp: outside 24 hours after her last message only an approved template may be sent; the
templates an operator must register are listed in TEMPLATES (and in the README). Romanized Hindi has
no template language of its own, so hi-Latn uses the English template.
"""
from typing import Dict, List

from bot.lang.translated import Translated

STATUS_UPDATE = Translated(
    hi="नमस्ते। {code}: इस पर आगे का काम हुआ है। और जानने के लिए यहाँ \"स्थिति\" लिखें।",
    hi_latn="Namaste. {code}: is par aage ka kaam hua hai. Aur jaanne ke liye yahan \"status\" likhein.",
    en="Hello. {code}: there has been progress on this. To know more, write \"status\" here.")
FOLLOW_UP_QUESTION = Translated(
    hi="{code}: कुछ दिन पहले इस पर काम हुआ था। क्या अब वह रुक गया है?",
    hi_latn="{code}: kuch din pehle is par kaam hua tha. Kya ab woh ruk gaya hai?",
    en="{code}: there was progress on this a few days ago. Has it stopped?")
FOLLOW_UP_AGAIN = Translated(hi="एक बार फिर: ", hi_latn="Ek baar phir: ", en="Once more: ")
COUNSELLOR_JOINED = Translated(
    hi="एक काउंसलर अब इस चैट में आपके साथ हैं। आप जो लिखेंगी, वे पढ़ेंगी और जवाब देंगी।",
    hi_latn="Ek counsellor ab is chat mein aapke saath hain. Aap jo likhengi, woh padhengi aur jawab dengi.",
    en="A counsellor has joined this chat. She will read what you write and answer you.")
SESSION_LINK = Translated(
    hi="{code}: {day} {time} के सत्र का लिंक: {link}",
    hi_latn="{code}: {day} {time} ke session ka link: {link}",
    en="{code}: the link for your session on {day} at {time}: {link}")
# Before a counselling session, if she asked for reminders: the booking code and the time only.
COUNSELLING_REMINDER = Translated(
    hi="याद दिलाना: {code}, {when}। समय बदलना हो तो \"मेरी बुकिंग बदलनी है\" लिखें।",
    hi_latn="Yaad dilana: {code}, {when}. Samay badalna ho to \"meri booking badalni hai\" likhein.",
    en="A reminder: {code}, {when}. To change the time, write \"change my booking\".")
ANSWERS = {
    "stopped": Translated(hi="हाँ, रुक गया", hi_latn="Haan, ruk gaya", en="Yes, it stopped"),
    "not_stopped": Translated(hi="नहीं", hi_latn="Nahi", en="No"),
    "worse": Translated(hi="और बढ़ गया", hi_latn="Aur badh gaya", en="It got worse"),
}

# name -> (body with {{1}} = the reference code, in hi and en), as an operator registers them.
TEMPLATES: Dict[str, Dict[str, str]] = {
    "hs_update": {
        "hi": "नमस्ते। {{1}}: इस पर आगे का काम हुआ है। और जानने के लिए यहाँ जवाब दें।",
        "en": "Hello. {{1}}: there has been progress on this. Reply here to know more.",
    },
    "hs_follow_up": {
        "hi": "{{1}}: कुछ दिन पहले इस पर काम हुआ था। क्या अब वह रुक गया है? यहाँ जवाब दें।",
        "en": "{{1}}: there was progress on this a few days ago. Has it stopped? Reply here.",
    },
}


def template_language(language: str) -> str:
    return "hi" if language == "hi" else "en"


def answer_buttons(language: str) -> List[dict]:
    return [{"title": text.pick(language), "payload": f'/inform{{"follow_up_answer":"{key}"}}'}
            for key, text in ANSWERS.items()]


def status_update_payload(code: str, language: str) -> dict:
    return {"text": STATUS_UPDATE.pick(language).format(code=code), "language": language,
            "whatsapp_template": {"name": "hs_update", "language": template_language(language), "params": [code]}}


def follow_up_payload(code: str, language: str, again: bool = False) -> dict:
    """The question; its slots make her next message its answer (the follow-up form in domain.yml)."""
    text = (FOLLOW_UP_AGAIN.pick(language) if again else "") + FOLLOW_UP_QUESTION.pick(language).format(code=code)
    return {"text": text, "language": language, "buttons": answer_buttons(language),
            "slots": {"follow_up_code": code, "requested_slot": "follow_up_answer"},
            "active_loop": "follow_up_form", "may_interrupt_loops": ["follow_up_form"],
            "whatsapp_template": {"name": "hs_follow_up", "language": template_language(language), "params": [code]}}


def counsellor_joined_payload(language: str) -> dict:
    """Said the moment a counsellor claims her case: she is waiting, so it interrupts nothing."""
    return {"text": COUNSELLOR_JOINED.pick(language), "language": language, "interrupt": True}


def session_link_payload(code: str, language: str, day: str, time: str, link: str) -> dict:
    """The counsellor's session link, sent from the console's Bookings page (her chat promised it)."""
    return {"text": SESSION_LINK.pick(language).format(code=code, day=day, time=time, link=link),
            "language": language, "interrupt": True}


def counselling_reminder_payload(code: str, language: str, when: str) -> dict:
    return {"text": COUNSELLING_REMINDER.pick(language).format(code=code, when=when), "language": language}
