"""The danger detector on its own. It backs up the classifier; misses here are tolerated only
where the classifier is known to catch them (tests/e2e check the two together)."""
import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.danger import EMERGENCY, SELF_HARM, detect_danger

EMERGENCIES = [
    "wo mujhe maar raha hai",
    "woh mje mar rha h",
    "someone is following me right now",
    "बचाओ",
    "bchaooo koi h",
    "मेरे पति मुझे मार रहे हैं",
    "koi ghar me ghus aaya hai",
    "help me please he is here",
    "he is going to kill me tonight",
    "acid fekne ki dhamki de raha hai abhi bahar khada hai",
    "mujhe kamre me band kar diya hai",
    "ek aadmi abhi mera picha kar raha hai",
    "auto wala sunsaan raste pe le ja raha hai",
    "I am locked in a room and cant get out",
    "जल्दी पुलिस भेजो",
    "HELP!!!",
    "bcha lo plz",
    "teen ladke gher ke khade hain bus stand ke paas",
    "मेरे ससुराल वाले मुझ पर पेट्रोल डाल रहे हैं",
]
SELF_HARMS = [
    "main mar jana chahti hu",
    "haath pe fir se blade chalaya khoon ruk nhi rha",
    "हाथ पर ब्लेड चलाया है",
    "I want to kill myself",
    "जीने का मन नहीं करता",
    "suicide kar lungi",
    "neend ki goliyan kha lungi",
    "I can't live like this anymore",
    "mujhe nahi jeena",
    "मैं आत्महत्या कर लूंगी",
    "i dont want to live anymore",
    "कलाई पर फिर से कट लगा लिए",
    "mere bacho ka dhyan rakhna mai ja rhi hu",
    "मेरे बच्चों का ध्यान रखना, मैं हमेशा के लिए जा रही हूं",
    "take care of my kids, goodbye",
    "nobody understands me, dying is better",
    "gonna swallow all my medicines at once",
    "20 goli ek saath kha li hain chakkar aa rahe hain",
    "i keep cutting my wrists",
    "i think about dying every single day",
    "what's the use of this life, i'll finish it",
]
CALM = [
    "namaste",
    # Standing outside her house as a habit is a report, not "he is at the door now".
    "wo roz ghar ke bahar khada rehta hai",
    "mujhe complaint karni hai",
    "ek ladka roz college tak peecha karta hai",
    "how do I make my instagram private",
    "meri complaint ka status kya hai",
    "family counselling book karni hai",
    "what all can you help me with",
    "help me understand this chatbot",
    "थैंक यू दीदी",
    "मुझे अपनी शिकायत की स्थिति जाननी है",
    "सब्जी में तेल डाल रही थी तभी फोन आया",
    "please take care of my kids while i go to the market",
    "bacho ka dhyan rakhna jab tak mai bazaar jaun",
    "I'll end it with him, the relationship is over",
    "how do I finish it, the report form",
]


# A threat told as past and over is a report: the classifier decides, the alarm stays quiet.
TOLD_AS_PAST = [
    "ex ne breakup ke time acid ki dhamki di thi, 6 mahine ho gye, report kru kya",
    "pati ne gusse me bola tha jaan se maar dunga, 2 hafte purani baat h, ab shant h",
    "पुराने मंगेतर ने रिश्ता टूटने पर तेज़ाब डालने की धमकी दी थी, छह महीने हो गए",
    "two weeks ago my husband said he'd kill me in anger, he's calm now",
    "my ex threatened to throw acid on me when we broke up, that was months ago",
    "मोहल्ले का एक आदमी हर रोज़ घूरता है, अभी तक कुछ कहा नहीं",
]
# ... unless anything in it says now, again or still.
PAST_BUT_DANGEROUS_NOW = [
    "2 saal pehle acid ki dhamki di thi, aaj wo fir aa gaya ghar ke bahar",
    "usne 3 din pehle mara tha, abhi bhi maar raha hai",
    "पति ने दो दिन पहले मारा था, अब फिर से मार रहे हैं",
    "pichle hafte se wo mera picha kar raha hai",
    "3 din pehle se picha kr rha h",
    "he threatened me with acid months ago and he is outside my house",
    "last year he beat me, help me he is here again",
    # Days or weeks ago, with nothing to say it is calm now: the numbers, and "are you safe now?"
    "pichle hafte usne mujhe jaan se maar dene ki dhamki di thi",
    "two weeks ago he said he would kill me",
]


# Followed ONLINE is the online-stalking topic: her question gets the advice, not the alarm ...
FOLLOWED_ONLINE = [
    "koi online mera peecha kar rha h",
    "fb insta whatsapp har jagah koi pichha kr rha h online",
    "ऑनलाइन पीछा कर रहा है कोई",
    "सर एक आदमी महीनों से मेरा ऑनलाइन पीछा कर रहा है, फेसबुक इंस्टा यूट्यूब हर जगह",
    "my daughter is being followed online by a boy, he likes every post",
    "a guy is following me on instagram and likes all my old photos",
]
# ... but "online" far from the following words, or any other danger in the message, still counts.
FOLLOWED_AND_DANGER = [
    "koi picha kar raha hai main online hoon",
    "someone is following me, I am online with you",
    "someone is following me i am online with you",
    "a man is following me",
    "online hu koi picha kar raha hai",
    "he followed me online and now he is following me outside my college",
    "online picha karta tha, abhi gali me peeche aa raha hai",
    "ऑनलाइन पीछा करता था, अब घर के बाहर खड़ा है",
    "online follow karta hai aur aaj ghar ke bahar khada hai",
    # At her door now.
    "wo ghar ke bahar khada hai",
    "वो दरवाज़े के बाहर खड़ा है",
    "he is standing outside my house right now",
]


@pytest.mark.parametrize("text", TOLD_AS_PAST)
def test_a_threat_told_as_past_and_over_raises_no_alarm(text):
    assert detect_danger(text) is None, text


@pytest.mark.parametrize("text", PAST_BUT_DANGEROUS_NOW)
def test_a_past_threat_with_danger_now_still_raises_the_alarm(text):
    signal = detect_danger(text)
    assert signal is not None and signal.kind == EMERGENCY, text


def test_self_harm_told_as_past_still_gets_14416():
    assert detect_danger("pichle saal suicide karne ki koshish ki thi, ab theek hu").kind == SELF_HARM


@pytest.mark.parametrize("text", EMERGENCIES + FOLLOWED_AND_DANGER)
def test_emergencies_are_detected(text):
    signal = detect_danger(text)
    assert signal is not None and signal.kind == EMERGENCY, text


@pytest.mark.parametrize("text", SELF_HARMS)
def test_self_harm_is_detected(text):
    signal = detect_danger(text)
    assert signal is not None and signal.kind == SELF_HARM, text


@pytest.mark.parametrize("text", CALM + FOLLOWED_ONLINE)
def test_calm_messages_raise_no_alarm(text):
    assert detect_danger(text) is None, text


def test_danger_deep_inside_a_long_message_is_found_when_within_the_limit():
    assert detect_danger("bahut pareshan hoon. " * 100 + "abhi woh mujhe mar raha hai").kind == EMERGENCY


def test_huge_messages_are_handled_quickly():
    detect_danger("a" * 100_000)
    detect_danger("अ" * 100_000)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises(text):
    signal = detect_danger(text)
    assert signal is None or signal.kind in (EMERGENCY, SELF_HARM)
