"""The report read back to her before anything is saved: short, in her language, nothing lost."""
from typing import Optional

from bot.complaints import labels
from bot.complaints.labels import label
from bot.lang.phones import mask_phone

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
