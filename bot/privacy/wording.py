"""Her reply after "delete my data": exactly what went, what stays and why, in her language.

Built from the erase's own counts (bot/privacy/erase.py), so the reply never claims more than was
done: a store that failed makes the reply say so and ask her to try again.
"""
from typing import List

from bot.lang.translated import Translated
from bot.privacy.erase import Erasure

ERASED = Translated(
    hi="हो गया। मिटा दिया गया: यह पूरी बातचीत, आपकी चैट (नंबर या चैट आईडी) और इस सेवा के बीच का जुड़ाव, "
       "काउंसलर को बताई या दिखाई गई बातें, छोड़ा गया कॉल-बैक नंबर, और न भेजी गई शिकायत की फ़ोटो या फ़ाइलें।",
    hi_latn="Ho gaya. Mita diya gaya: yeh poori baatcheet, aapki chat (number ya chat ID) aur is seva ke beech "
            "ka judaav, counsellor ko batayi ya dikhayi gayi baatein, chhoda gaya call-back number, aur na bheji "
            "gayi shikayat ki photo ya files.",
    en="Done. Erased: this whole conversation, the link between your chat (number or chat id) and this "
       "service, what you told or shared with a counsellor, any call-back number you left, and photos or "
       "files for a report you had not sent.",
)
KEPT_REPORTS = Translated(
    hi="रखा गया: आपकी {count} दर्ज शिकायत(ें), क्योंकि 1090 के नियमों के अनुसार पुलिस दर्ज शिकायत पर कार्रवाई "
       "करती है (साथ भेजी फ़ोटो भी उसी के साथ)। अब वह आपसे जुड़ी नहीं: न चैट, न नंबर, इसलिए अधिकारी आपको "
       "वापस कॉल नहीं कर सकेंगी। उसे सिर्फ़ आपका कोड और पिन खोलते हैं: उनसे स्थिति देखें, या कोड के साथ 1090 "
       "पर कॉल करें।",
    hi_latn="Rakha gaya: aapki {count} darj shikayat(ein), kyunki 1090 ke niyamon ke anusaar police darj "
            "shikayat par karyavahi karti hai (saath bheji photo bhi usi ke saath). Ab woh aapse judi nahi: na "
            "chat, na number, isliye officer aapko wapas call nahi kar sakengi. Use sirf aapka code aur PIN "
            "kholte hain: unse status dekhein, ya code ke saath 1090 par call karein.",
    en="Kept: your {count} filed report(s), because police act on a filed report under 1090's rules (photos "
       "you sent with it stay with it). It is no longer linked to you: no chat, no number, so an officer "
       "cannot call you back. Only your reference code and PIN open it: check its status with them, or call "
       "1090 and give the code.",
)
NOTHING_KEPT = Translated(
    hi="आपका कुछ भी यहाँ नहीं रखा गया।",
    hi_latn="Aapka kuch bhi yahan nahi rakha gaya.",
    en="Nothing of yours is kept here.",
)
CANCELLED_BOOKINGS = Translated(
    hi="आपके {count} आने वाले काउंसलिंग सेशन रद्द कर दिए गए: अब कोई आप तक पहुँच नहीं सकता। आप कभी भी फिर से "
       "बुक कर सकती हैं।",
    hi_latn="Aapke {count} aane wale counselling session radd kar diye gaye: ab koi aap tak pahunch nahi sakta. "
            "Aap kabhi bhi phir se book kar sakti hain.",
    en="Your {count} upcoming counselling session(s) were cancelled: nobody could reach you for them now. "
       "You can book again any time.",
)
WHATSAPP_CHAT = Translated(
    hi="WhatsApp यह चैट आपके फ़ोन पर रखता है और हम उसे नहीं मिटा सकते: चैट खोलें, ऊपर ⋮ > और > चैट साफ़ "
       "करें, या चैट सूची में इस चैट को दबाकर रखें > चैट मिटाएँ।",
    hi_latn="WhatsApp yeh chat aapke phone par rakhta hai aur hum use nahi mita sakte: chat kholein, upar ⋮ > "
            "More > Clear chat, ya chat list mein is chat ko daba kar rakhein > Delete chat.",
    en="WhatsApp keeps this chat on your phone and we cannot delete it: open the chat, tap ⋮ > More > Clear "
       "chat, or press and hold this chat in your chat list > Delete chat.",
)
NOT_COMPLETE = Translated(
    hi="कुछ हिस्सा अभी नहीं मिट सका। कृपया कुछ मिनट बाद फिर से \"मेरा डेटा मिटाओ\" लिखें।",
    hi_latn="Kuch hissa abhi nahi mit saka. Kripya kuch minute baad phir se \"mera data delete karo\" likhein.",
    en="Part of it could not be erased just now. Please write \"delete my data\" again in a few minutes.",
)


def erase_reply(erasure: Erasure, language: str, channel: str = "") -> str:
    parts: List[str] = [ERASED.pick(language)]
    if erasure.kept_reports:
        parts.append(KEPT_REPORTS.pick(language).format(count=erasure.kept_reports))
    else:
        parts.append(NOTHING_KEPT.pick(language))
    if erasure.cancelled_bookings:
        parts.append(CANCELLED_BOOKINGS.pick(language).format(count=erasure.cancelled_bookings))
    if channel == "whatsapp":
        parts.append(WHATSAPP_CHAT.pick(language))
    if not erasure.complete:
        parts.append(NOT_COMPLETE.pick(language))
    return "\n\n".join(parts)
