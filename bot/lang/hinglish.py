"""Word lists for romanized Hindi: spelling folds and the markers that tell Hinglish from English."""

# SMS and phonetic spellings folded to one canonical form, so "mje kr rha h" and
# "mujhe kar raha hai" look the same to the classifier and to the danger detector.
SPELLING_FOLDS = {
    "h": "hai", "hai": "hai", "hain": "hai", "hay": "hai", "hei": "hai", "hein": "hai", "he": None,
    "nhi": "nahi", "nahi": "nahi", "nahin": "nahi", "nai": "nahi", "nhin": "nahi", "nahe": "nahi",
    "nhn": "nahi", "ni": "nahi", "nahii": "nahi",
    "kr": "kar", "kar": "kar", "krr": "kar",
    "krna": "karna", "krni": "karni", "krne": "karne", "krta": "karta", "krti": "karti",
    "krte": "karte", "kro": "karo", "kru": "karu", "karun": "karu", "karoon": "karu", "krdo": "kardo",
    "rha": "raha", "rhi": "rahi", "rhe": "rahe", "rahaa": "raha",
    "mje": "mujhe", "mjhe": "mujhe", "muje": "mujhe", "mujhey": "mujhe", "mujh": "mujh", "mujhse": "mujhse",
    "mjhse": "mujhse", "mujse": "mujhse",
    "bhot": "bahut", "bohot": "bahut", "bht": "bahut", "bhut": "bahut", "bahot": "bahut", "bohat": "bahut",
    "kia": "kya", "kyaa": "kya", "kya": "kya",
    "kyu": "kyun", "kyun": "kyun", "kyon": "kyun", "q": None,
    "mai": "main", "mei": "main", "mein": "mein", "me": "me",
    "plz": "please", "pls": "please", "plss": "please", "plz.": "please", "plis": "please", "pliz": "please",
    "gya": "gaya", "gyi": "gayi", "gye": "gaye",
    "ap": "aap", "aap": "aap", "apko": "aapko", "apki": "aapki", "apke": "aapke",
    "tm": "tum", "hm": "hum",
    "bt": "baat", "bat": "baat",
    "mra": "mera", "mri": "meri", "mre": "mere",
    "wo": "woh", "vo": "woh", "voh": "woh", "wh": "woh",
    "ye": "yeh", "yah": "yeh", "yh": "yeh",
    "bcha": "bacha", "bchao": "bachao", "bachaao": "bachao", "bachav": "bachao", "bacao": "bachao", "bachalo": "bachao",
    "maar": "mar", "maarta": "marta", "maarti": "marti", "maarte": "marte", "marr": "mar",
    "ghr": "ghar", "kch": "kuch", "kuchh": "kuch", "kuchch": "kuch",
    "abi": "abhi", "abhie": "abhi", "jldi": "jaldi", "jaldee": "jaldi", "koii": "koi",
    "sath": "saath", "chahiye": "chahiye", "chahie": "chahiye", "chaiye": "chahiye", "chahiya": "chahiye",
    "chaahiye": "chahiye", "chahye": "chahiye", "cahiye": "chahiye",
    "thik": "theek", "thk": "theek", "thek": "theek",
    "han": "haan", "ha": "haan", "haa": "haan", "hn": "haan", "hanji": "haan ji",
    "jee": "ji", "sukriya": "shukriya", "shukria": "shukriya", "sukria": "shukriya",
    "dhanyawad": "dhanyavad", "dhanywad": "dhanyavad", "dhanyabad": "dhanyavad", "dhanyvad": "dhanyavad",
    "hu": "hoon", "hun": "hoon", "hoo": "hoon", "hoon": "hoon",
    "kaise": "kaise", "kese": "kaise", "kaisey": "kaise", "kaese": "kaise",
    "ladka": "ladka", "larka": "ladka", "ldka": "ladka", "ladki": "ladki", "larki": "ladki", "ldki": "ladki",
    "pareshan": "pareshan", "preshan": "pareshan", "pareshaan": "pareshan", "presan": "pareshan",
    "shikayat": "shikayat", "sikayat": "shikayat", "shikayt": "shikayat",
    "complain": "complaint", "complent": "complaint", "complaint": "complaint", "cmplnt": "complaint",
    "madad": "madad", "madat": "madad", "mdd": "madad",
    "peecha": "picha", "pichha": "picha", "peechha": "picha", "picha": "picha", "pichaa": "picha",
    "jaan": "jaan", "jan": None,
    "sakti": "sakti", "skti": "sakti", "sakta": "sakta", "skta": "sakta",
    "raat": "raat", "rat": None, "subha": "subah", "sham": "shaam",
}

# Words that only (or almost only) occur in romanized Hindi. Checked after folding.
HINGLISH_MARKERS = frozenset(["hai", "nahi", "kar", "karna", "karni", "karne", "karta", "karti", "karte", "karo", "karu", "kardo", "raha", "rahi", "rahe", "mujhe", "mujh", "mujhse", "mera", "meri", "mere", "tera", "teri", "tere", "bahut", "kya", "kyun", "main", "mein", "aap", "aapko", "aapki", "aapke", "tum", "tumhara", "hum", "humko", "baat", "woh", "yeh", "koi", "kuch", "abhi", "ghar", "jaldi", "saath", "chahiye", "theek", "haan", "ji", "shukriya", "dhanyavad", "namaste", "namaskar", "hoon", "ho", "tha", "thi", "gaya", "gayi", "gaye", "kaise", "kab", "kahan", "kaun", "kyunki", "lekin", "magar", "aur", "bhi", "sab", "jab", "tab", "agar", "se", "ko", "ka", "ki", "ke", "pe", "par", "wala", "wali", "wale", "ladka", "ladki", "pati", "patni", "sasural", "dahej", "madad", "shikayat", "didi", "bhaiya", "bhai", "beta", "yaar", "accha", "acha", "achha", "mat", "nahin", "kal", "aaj", "parso", "subah", "shaam", "raat", "din", "hafte", "mahine", "saal", "paisa", "pareshan", "picha", "bachao", "mar", "marta", "marti", "marte", "maro", "dar", "darr", "lag", "lagta", "lagti", "rha", "jaana", "jana", "chahti", "chahta", "sakti", "sakta", "sakte", "batao", "bataiye", "bolo", "bolna", "likho", "likhna", "dikhao", "dijiye", "kijiye", "karwa", "karwao", "hamari", "hamara", "humari", "apni", "apna", "apne", "uski", "uska", "uske", "unka", "unki", "iska", "iski", "usne", "maine", "humne", "tumne", "kisi", "kuchh", "hua", "hui", "hue", "hota", "hoti", "hote", "rehna", "rehti", "rahna", "chalo", "chal", "jao", "jaao", "aao", "aaja", "aaye", "bula", "bulao", "phir", "fir", "bas", "abhi", "ab", "yahan", "wahan", "idhar", "udhar", "upar", "neeche", "andar", "bahar", "kamra", "kamre", "kha", "khaa", "khana", "lungi", "lunga", "lenge", "jaungi", "jaunga", "jaaungi", "kood", "rok", "roko", "isko", "usko", "isse", "usse", "yahi", "wahi", "beech", "chutkula", "sunao", "samjha", "samjhao", "dikha", "dikhao", "zeher", "zehar", "khud", "dena", "lena", "dedo", "lelo", "diya", "liya", "kiya", "kiye", "rehne", "rahne", "karke", "hoga", "hogi", "honge", "chahti", "chahta", "chahte", "kahin", "kabhi", "hamesha", "roz", "rozana"])

# English words that Hinglish writers use all the time: they say nothing about the language.
NEUTRAL_WORDS = frozenset(["ok", "okay", "k", "kk", "hi", "hii", "hello", "hey", "hlo", "yes", "no", "yess", "noo", "please", "help", "thanks", "thank", "thx", "ty", "sorry", "bye", "good", "morning", "night", "sir", "madam", "mam", "maam", "ma'am", "police", "phone", "call", "number", "mobile", "video", "photo", "pic", "pics", "insta", "instagram", "whatsapp", "fb", "facebook", "app", "account", "id", "online", "complaint", "report", "status", "code", "pin", "case", "counselling", "counseling", "counsellor", "counselor", "menu", "options", "option", "english", "hindi", "to", "do", "me", "main"])

# Common English function words and verbs: a message built from these is English.
ENGLISH_MARKERS = frozenset(["i", "i'm", "im", "me", "my", "mine", "myself", "you", "your", "you're", "he", "him", "his", "she", "her", "it", "its", "we", "us", "our", "they", "them", "their", "is", "am", "are", "was", "were", "be", "been", "being", "does", "did", "done", "have", "has", "had", "having", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "the", "a", "an", "this", "that", "these", "those", "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "of", "in", "on", "at", "by", "for", "with", "about", "from", "into", "over", "under", "again", "not", "don't", "can't", "won't", "isn't", "and", "or", "but", "if", "so", "because", "than", "then", "very", "just", "also", "too", "some", "any", "all", "no", "nothing", "someone", "somebody", "anyone", "everyone", "want", "need", "know", "tell", "talk", "speak", "get", "got", "give", "go", "going", "come", "coming", "make", "made", "take", "let", "see", "say", "said", "feel", "feeling", "following", "follow", "follows", "scared", "afraid", "safe", "unsafe", "husband", "brother", "father", "friend", "boss", "office", "work", "home", "house", "street", "bus", "train", "room", "night", "today", "tomorrow", "now", "right", "please", "kill", "hurt", "hitting", "beating", "attack", "attacking", "harass", "harassing", "harassment", "stalking", "stalker", "threatening", "threat", "message", "messages", "send", "sent", "someone's", "life", "live", "die", "anymore", "person", "real", "human"])

# English grammar words (pronouns, auxiliaries, articles, prepositions, question words): an English
# noun or two ("stalking", "Online harassment") is what Hinglish writers type too; a sentence built
# on these is English. Words Hindi shares ("so", "the", "is", "in", "us") only count with no Hindi beside.
ENGLISH_FUNCTION_WORDS = frozenset(["i", "i'm", "im", "my", "mine", "myself", "you", "your", "you're", "he", "him", "his", "she", "her", "it", "its", "we", "us", "our", "they", "them", "their", "is", "am", "are", "was", "were", "be", "been", "being", "does", "did", "have", "has", "had", "will", "would", "shall", "should", "can", "could", "may", "might", "must", "the", "a", "an", "this", "that", "these", "those", "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "of", "in", "on", "at", "by", "for", "with", "about", "from", "into", "not", "don't", "can't", "won't", "isn't", "and", "or", "but", "if", "because", "than", "then"])
