"""The report read back to her before anything is saved: short, in her language, nothing lost."""
import re
from typing import List, Optional

from bot.complaints import labels
from bot.complaints.labels import label
from bot.lang.handles import find_handles
from bot.lang.phones import find_phones, mask_phone, national_digits

PREVIEW_CHARS = 160


def preview(text: str, language: str) -> str:
    """Long narratives are shown shortened, with their full length, so she knows all was kept."""
    text = " ".join((text or "").split())
    if len(text) <= PREVIEW_CHARS:
        return text
    return f"{text[:PREVIEW_CHARS].rstrip()}… ({len(text)} {label(labels.CHARACTERS, None, language)})"


def build_summary(slots: dict, language: str, when_text: Optional[str], harasser_text: Optional[str],
                  account: Optional[str] = None) -> str:
    """`account` replaces the preview of what she wrote (WhatsApp: a note that it is hidden)."""
    def line(field: str, value: str) -> str:
        return f"• {label(labels.FIELD_LABELS, field, language)}: {value}"

    not_given = label(labels.NOT_GIVEN, None, language)
    where = ", ".join(v for v in (slots.get("district"), _given(slots.get("place"))) if v) or not_given
    contact_mode = slots.get("contact_mode") or "anonymous"
    contact = label(labels.CONTACT_LABELS, contact_mode, language).format(
        phone=mask_phone(slots.get("callback_phone") or ""))
    return "\n".join([
        line("category", label(labels.CATEGORY_LABELS, slots.get("harassment_category"), language)),
        line("what", account if account is not None else preview(slots.get("incident_description") or "", language)),
        line("when", when_text or label(labels.UNKNOWN_WHEN, None, language)),
        line("where", where),
        line("who", harasser_text or not_given),
        line("evidence", label(labels.EVIDENCE_LABELS, slots.get("evidence") or "none", language)),
        line("contact", contact),
    ])


def _given(value: Optional[str]) -> Optional[str]:
    return None if value in (None, "", "-") else value


def about_him(text: str, language: str) -> str:
    """The "about him" line: what she wrote about him, said once, with his numbers masked.

    Numbers are masked however she typed them ("98123 45678", "+91-98123-45678"), and a number or an
    account is listed separately only when the shortened text no longer shows it.
    """
    phones = find_phones(text, any_country=True)
    described = preview(mask_numbers(text, phones), language)
    shown = described.casefold()
    extra = [mask_phone(p, any_country=True) for p in phones if mask_phone(p, any_country=True) not in described]
    extra += [h.key for h in find_handles(text) if h.handle.casefold() not in shown]
    return "; ".join(extra + [described])


_SEPARATOR = r"[\s\-.()]*"


def mask_numbers(text: str, phones: List[str]) -> str:
    """`text` with each of `phones` (E.164) masked wherever it appears, spaced or dashed, with or
    without its country code or a leading 0."""
    for phone in phones:
        national = national_digits(phone)
        if not national:
            continue
        country = phone[1:len(phone) - len(national)]
        prefix = rf"(?:(?:\+|00){_SEPARATOR}{_SEPARATOR.join(country)}{_SEPARATOR}|0{_SEPARATOR})?"
        pattern = r"(?<!\d)" + prefix + _SEPARATOR.join(national) + r"(?!\d)"
        text = re.sub(pattern, mask_phone(phone, any_country=True), text)
    return text
