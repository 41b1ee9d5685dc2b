"""What is said only on WhatsApp, because WhatsApp cannot delete messages: the chat stays on her
phone, where whoever holds the phone can read it. Telegram's exit command deletes the chat; the web
widget keeps nothing after Quick exit; on WhatsApp she must be told, and shown less."""
from bot.lang.translated import Translated

# After her first turn (the first reply, an emergency's numbers included, comes first).
CHAT_STAYS_ON_PHONE = Translated(
    hi="ध्यान दें: WhatsApp यह चैट आपके फ़ोन पर रखता है और हम इसे वहाँ से नहीं मिटा सकते। अगर कोई और आपका फ़ोन "
       "देख सकता है, तो बात पूरी होने पर चैट मिटा दें: चैट सूची में इस चैट को दबाकर रखें > चैट मिटाएँ (या चैट "
       "में ⋮ > और > चैट साफ़ करें)।",
    hi_latn="Dhyan dein: WhatsApp yeh chat aapke phone par rakhta hai aur hum ise wahan se nahi mita sakte. Agar "
            "koi aur aapka phone dekh sakta hai, to baat poori hone par chat mita dein: chat list mein is chat ko "
            "daba kar rakhein > Delete chat (ya chat mein ⋮ > More > Clear chat).",
    en="Please note: WhatsApp keeps this chat on your phone and we cannot delete it there. If someone else "
       "may see your phone, delete this chat when you are done: press and hold this chat in your chat list > "
       "Delete chat (or in the chat: ⋮ > More > Clear chat).",
)

# With the reference code and PIN of a filed report.
NOTE_CODE_ELSEWHERE = Translated(
    hi="यह कोड और पिन कहीं सुरक्षित जगह लिख लें (फ़ोन के बाहर, या किसी भरोसेमंद व्यक्ति के पास), फिर यह चैट मिटा "
       "दें: चैट सूची में इस चैट को दबाकर रखें > चैट मिटाएँ।",
    hi_latn="Yeh code aur PIN kahin surakshit jagah likh lein (phone ke bahar, ya kisi bharosemand vyakti ke paas), "
            "phir yeh chat mita dein: chat list mein is chat ko daba kar rakhein > Delete chat.",
    en="Write this code and PIN down somewhere safe (off this phone, or with someone you trust), then delete "
       "this chat: press and hold this chat in your chat list > Delete chat.",
)

# The summary before filing: her own account is not repeated on the screen unless she asks.
ACCOUNT_HIDDEN = Translated(
    hi="(यहाँ नहीं दिखाया, ताकि फ़ोन पर न रहे; देखना हो तो \"मेरा लिखा दिखाएँ\" चुनें)",
    hi_latn="(yahan nahi dikhaya, taaki phone par na rahe; dekhna ho to \"Mera likha dikhao\" chunein)",
    en="(not shown here, so it does not stay on your phone; choose \"Show what I wrote\" to see it)",
)
SHOW_ACCOUNT_TITLE = Translated(hi="मेरा लिखा दिखाएँ", hi_latn="Mera likha dikhao", en="Show what I wrote")
# The button's payload: the WhatsApp channel answers it itself (it never reaches Rasa's NLU).
SHOW_ACCOUNT_PAYLOAD = "hs:show-account"
YOUR_ACCOUNT = Translated(
    hi="आपने जो लिखा:\n{account}",
    hi_latn="Aapne jo likha:\n{account}",
    en="What you wrote:\n{account}",
)
NO_ACCOUNT = Translated(
    hi="अभी कोई लिखा हुआ विवरण नहीं है।",
    hi_latn="Abhi koi likha hua vivaran nahi hai.",
    en="There is no account written yet.",
)
