"""How a session, its time and its details are written back to her, in the script she writes in."""
from datetime import date
from typing import Optional

from bot.counselling.availability import Slot
from bot.lang.dates import When, describe_when
from bot.lang.translated import Translated, label

FOR_WHOM_LABELS = {
    "couple": Translated(hi="पति-पत्नी (दोनों)", hi_latn="Pati-patni (dono)", en="Couple (both of you)"),
    "family": Translated(hi="परिवार", hi_latn="Parivar", en="Family"),
    "herself": Translated(hi="सिर्फ़ आप (अकेले)", hi_latn="Sirf aap (akele)", en="Only you (individual session)"),
}
LANGUAGE_LABELS = {
    "hi": Translated(hi="हिंदी", hi_latn="Hindi", en="Hindi"),
    "en": Translated(hi="अंग्रेज़ी", hi_latn="English", en="English"),
}
CONTACT_LABELS = {
    "chat": Translated(hi="काउंसलर इसी चैट पर कॉल/वीडियो लिंक भेजेंगी",
                       hi_latn="Counsellor isi chat par call/video link bhejengi",
                       en="The counsellor sends the call/video link in this chat"),
    "callback": Translated(hi="काउंसलर इस नंबर पर कॉल करेंगी: {phone}",
                           hi_latn="Counsellor is number par call karengi: {phone}",
                           en="The counsellor calls you on {phone}"),
}
FIELD_LABELS = {
    "for_whom": Translated(hi="किसके लिए", hi_latn="Kiske liye", en="For"),
    "language": Translated(hi="भाषा", hi_latn="Bhasha", en="Language"),
    "when": Translated(hi="कब", hi_latn="Kab", en="When"),
    "counsellor": Translated(hi="काउंसलर", hi_latn="Counsellor", en="Counsellor"),
    "length": Translated(hi="समय", hi_latn="Samay", en="Length"),
    "contact": Translated(hi="कैसे", hi_latn="Kaise", en="How"),
}
MINUTES = Translated(hi="{} मिनट", hi_latn="{} minute", en="{} minutes")
# Midnight is easy to misread ("Tuesday 12 am" is late Monday night): said out loud.
AFTER_MIDNIGHT = Translated(hi="(आधी रात के बाद)", hi_latn="(aadhi raat ke baad)", en="(after midnight)")


def _when(slot: Slot) -> When:
    local = slot.local_start
    return When(start=local.date(), hour=local.hour, minute=local.minute, relative=True)


def describe_day(day: date, language: str, today: date) -> str:
    return describe_when(When(start=day, relative=True), language, today=today)


def describe_slot(slot: Slot, language: str, today: date) -> str:
    """"कल, 1 दिसंबर (मंगलवार), सुबह 10:30 बजे": always the absolute date."""
    text = describe_when(_when(slot), language, today=today)
    return text + (" " + label(AFTER_MIDNIGHT, None, language) if slot.local_start.hour < 4 else "")


def slot_time(slot: Slot, language: str) -> str:
    """Only the time, for a button under a heading that already names the day."""
    text = describe_when(_when(slot), language).split(", ")[-1]
    return text + (" " + label(AFTER_MIDNIGHT, None, language) if slot.local_start.hour < 4 else "")


def counsellor_name(slot: Slot, language: str) -> str:
    return (slot.first_name_hi if language == "hi" else slot.first_name) or slot.first_name


def slot_button_title(slot: Slot, language: str) -> str:
    return f"{slot_time(slot, language)} · {counsellor_name(slot, language)}"


def build_summary(for_whom: str, session_language: str, slot: Slot, contact: str, masked_phone: Optional[str],
                  language: str, today: date) -> str:
    contact_text = label(CONTACT_LABELS, contact, language).replace("{phone}", masked_phone or "")
    rows = [
        ("for_whom", label(FOR_WHOM_LABELS, for_whom, language)),
        ("language", label(LANGUAGE_LABELS, session_language, language)),
        ("when", describe_slot(slot, language, today)),
        ("length", label(MINUTES, None, language).format(slot.minutes)),
        ("counsellor", counsellor_name(slot, language)),
        ("contact", contact_text),
    ]
    return "\n".join(f"{label(FIELD_LABELS, key, language)}: {value}" for key, value in rows)
