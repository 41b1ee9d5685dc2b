"""Names of report fields and values in her three languages, for summaries read back to her."""
CATEGORY_LABELS = {
    "stalking": ("पीछा करना", "Peecha karna", "Stalking / following"),
    "calls_messages": ("अश्लील/धमकी भरे कॉल या मैसेज", "Gande/dhamki wale call ya message", "Obscene or threatening calls/messages"),
    "online": ("ऑनलाइन उत्पीड़न", "Online harassment", "Online harassment"),
    "domestic": ("घरेलू हिंसा/दहेज", "Gharelu hinsa/dahej", "Domestic violence/dowry"),
    "workplace": ("काम की जगह पर उत्पीड़न", "Kaam ki jagah par harassment", "Harassment at work"),
    "public": ("सार्वजनिक जगह पर उत्पीड़न", "Public jagah par harassment", "Harassment in a public place"),
    "other": ("कुछ और", "Kuch aur", "Something else"),
}
EVIDENCE_LABELS = {
    "screenshots": ("स्क्रीनशॉट", "Screenshot", "Screenshots"),
    "recordings": ("रिकॉर्डिंग", "Recording", "Recordings"),
    "both": ("स्क्रीनशॉट और रिकॉर्डिंग", "Screenshot aur recording", "Screenshots and recordings"),
    "none": ("कोई नहीं", "Koi nahi", "None"),
}
FIELD_LABELS = {
    "category": ("प्रकार", "Prakar", "Kind"),
    "what": ("क्या हुआ", "Kya hua", "What happened"),
    "when": ("कब", "Kab", "When"),
    "where": ("कहाँ", "Kahan", "Where"),
    "who": ("उसके बारे में", "Uske baare mein", "About the person"),
    "evidence": ("सबूत", "Saboot", "Evidence"),
    "contact": ("संपर्क", "Sampark", "Contact"),
}
CONTACT_LABELS = {
    "anonymous": ("पूरी तरह गुमनाम (कोड और पिन)", "Poori tarah gumnaam (code aur PIN)", "Fully anonymous (code and PIN)"),
    "callback": ("महिला अधिकारी कॉल करेंगी: {phone}", "Mahila adhikari call karengi: {phone}", "A woman officer will call: {phone}"),
}
NOT_GIVEN = ("नहीं बताया", "Nahi bataya", "Not given")
UNKNOWN_WHEN = ("पता नहीं", "Pata nahi", "Not known")
CHARACTERS = ("अक्षर", "akshar", "characters")
STATUS_LABELS = {
    "received": ("दर्ज हो गई है", "darj ho gayi hai", "received"),
    "under_review": ("जाँच में है", "jaanch mein hai", "under review"),
    "action_taken": ("कार्रवाई की गई", "karyavahi ki gayi", "action taken"),
    "closed": ("बंद", "band", "closed"),
}
_INDEX = {"hi": 0, "hi-Latn": 1, "en": 2}


def label(table, key, language: str) -> str:
    values = table.get(key) if isinstance(table, dict) else table
    if values is None:
        return str(key)
    return values[_INDEX.get(language, 1)]
