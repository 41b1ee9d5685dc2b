"""Names of report fields and values in her three languages, for summaries read back to her."""
from bot.lang.translated import Translated, label  # noqa: F401 (label: the actions' way to read these)

CATEGORY_LABELS = {
    "stalking": Translated(hi="पीछा करना", hi_latn="Peecha karna", en="Stalking / following"),
    "calls_messages": Translated(hi="अश्लील/धमकी भरे कॉल या मैसेज", hi_latn="Gande/dhamki wale call ya message",
                                 en="Obscene or threatening calls/messages"),
    "online": Translated(hi="ऑनलाइन उत्पीड़न", hi_latn="Online harassment", en="Online harassment"),
    "domestic": Translated(hi="घरेलू हिंसा/दहेज", hi_latn="Gharelu hinsa/dahej", en="Domestic violence/dowry"),
    "workplace": Translated(hi="काम की जगह पर उत्पीड़न", hi_latn="Kaam ki jagah par harassment",
                            en="Harassment at work"),
    "public": Translated(hi="सार्वजनिक जगह पर उत्पीड़न", hi_latn="Public jagah par harassment",
                         en="Harassment in a public place"),
    "other": Translated(hi="कुछ और", hi_latn="Kuch aur", en="Something else"),
}
EVIDENCE_LABELS = {
    "screenshots": Translated(hi="स्क्रीनशॉट", hi_latn="Screenshot", en="Screenshots"),
    "recordings": Translated(hi="रिकॉर्डिंग", hi_latn="Recording", en="Recordings"),
    "both": Translated(hi="स्क्रीनशॉट और रिकॉर्डिंग", hi_latn="Screenshot aur recording",
                       en="Screenshots and recordings"),
    "none": Translated(hi="कोई नहीं", hi_latn="Koi nahi", en="None"),
}
FIELD_LABELS = {
    "category": Translated(hi="प्रकार", hi_latn="Prakar", en="Kind"),
    "what": Translated(hi="क्या हुआ", hi_latn="Kya hua", en="What happened"),
    "when": Translated(hi="कब", hi_latn="Kab", en="When"),
    "where": Translated(hi="कहाँ", hi_latn="Kahan", en="Where"),
    "who": Translated(hi="उसके बारे में", hi_latn="Uske baare mein", en="About the person"),
    "evidence": Translated(hi="सबूत", hi_latn="Saboot", en="Evidence"),
    "contact": Translated(hi="संपर्क", hi_latn="Sampark", en="Contact"),
}
CONTACT_LABELS = {
    "anonymous": Translated(hi="पूरी तरह गुमनाम (कोड और पिन)", hi_latn="Poori tarah gumnaam (code aur PIN)",
                            en="Fully anonymous (code and PIN)"),
    "callback": Translated(hi="महिला अधिकारी कॉल करेंगी: {phone}", hi_latn="Mahila adhikari call karengi: {phone}",
                           en="A woman officer will call: {phone}"),
}
NOT_GIVEN = Translated(hi="नहीं बताया", hi_latn="Nahi bataya", en="Not given")
UNKNOWN_WHEN = Translated(hi="पता नहीं", hi_latn="Pata nahi", en="Not known")
CHARACTERS = Translated(hi="अक्षर", hi_latn="akshar", en="characters")
STATUS_LABELS = {
    "received": Translated(hi="दर्ज हो गई है", hi_latn="darj ho gayi hai", en="received"),
    "in_progress": Translated(hi="इस पर काम चल रहा है", hi_latn="is par kaam chal raha hai", en="in progress"),
    "action_taken": Translated(hi="कार्रवाई की गई", hi_latn="karyavahi ki gayi", en="action taken"),
    "closed": Translated(hi="बंद", hi_latn="band", en="closed"),
    "reopened": Translated(hi="फिर से खोली गई है", hi_latn="phir se kholi gayi hai", en="reopened"),
}
