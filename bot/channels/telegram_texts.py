"""Texts the Telegram channel sends itself (not through Rasa), each in hi, hi-Latn and en.

Chosen by her conversation's `language` slot, like the domain's responses.
"""
from bot.lang.translated import DEFAULT_LANGUAGE, LANGUAGES, Translated  # noqa: F401 (the channel's defaults)

TEXTS = {
    "exit_hint": Translated(
        hi="टेलीग्राम पर /exit (या \"बंद\") लिखते ही यहाँ की हाल की बातचीत मिट जाएगी।",
        hi_latn="Telegram par /exit (ya \"band\") likhte hi yahan ki haal ki baatcheet mit jayegi.",
        en="On Telegram, typing /exit (or \"exit\") deletes our recent messages from this chat.",
    ),
    "evidence_received": Translated(
        hi="आपकी फ़ाइल सुरक्षित (एन्क्रिप्टेड) रख ली गई है और शिकायत के साथ जोड़ दी जाएगी।",
        hi_latn="Aapki file surakshit (encrypted) rakh li gayi hai aur shikayat ke saath jod di jayegi.",
        en="Your file is stored safely (encrypted) and will be attached to your report.",
    ),
    "evidence_too_large": Translated(
        hi="यह फ़ाइल बहुत बड़ी है (20 MB तक भेज सकती हैं)। कृपया छोटी फ़ाइल या स्क्रीनशॉट भेजिए।",
        hi_latn="Yeh file bahut badi hai (20 MB tak bhej sakti hain). Kripya chhoti file ya screenshot bhejiye.",
        en="This file is too large (up to 20 MB). Please send a smaller file or a screenshot.",
    ),
    "evidence_failed": Translated(
        hi="माफ़ कीजिए, यह फ़ाइल अभी नहीं ले पाई। कृपया थोड़ी देर बाद फिर भेजिए; आपकी शिकायत पर इसका असर नहीं है।",
        hi_latn="Maaf kijiye, yeh file abhi nahi le paayi. Kripya thodi der baad phir bhejiye; aapki shikayat "
                "par iska asar nahi hai.",
        en="Sorry, I could not take this file just now. Please send it again a little later; your report "
           "is not affected.",
    ),
    "evidence_outside_report": Translated(
        hi="सबूत (फ़ोटो, दस्तावेज़) शिकायत के दौरान भेजिए। शिकायत शुरू करने के लिए \"शिकायत\" लिखें।",
        hi_latn="Saboot (photo, document) shikayat ke dauraan bhejiye. Shikayat shuru karne ke liye "
                "\"shikayat\" likhein.",
        en="Please send evidence (photos, documents) while making a report. Type \"report\" to start one.",
    ),
    "button_expired": Translated(
        hi="यह बटन अब काम नहीं करता। कृपया लिखकर बताइए।",
        hi_latn="Yeh button ab kaam nahi karta. Kripya likh kar bataiye.",
        en="This button no longer works. Please type your answer.",
    ),
}

# Left alone in the chat after /exit. Deliberately says nothing about help, police or harassment,
# and is the same for everyone: whoever picks up her phone sees an ordinary, boring line.
NEUTRAL_LINE = "🌤 Weather today: clear skies."


def text(name: str, language: str) -> str:
    return TEXTS[name].pick(language)
