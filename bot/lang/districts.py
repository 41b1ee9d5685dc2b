"""The 75 districts of Uttar Pradesh, and finding the one she names in a message.

She may answer "where are you?" with a bare name ("LKO", "लखनऊ"), an old name ("Allahabad"),
a city ("Noida"), a typo ("gorakpur") or a whole sentence ("main kanpur dehat me rehti hu").
Matching is exact first (after `normalise`), then fuzzy with stdlib `difflib`. Devanagari is
only compared with Devanagari and Latin only with Latin. Plain Python, no Rasa imports.
"""
import difflib
import re
from dataclasses import dataclass
from typing import Dict, FrozenSet, Iterator, List, NamedTuple, Optional, Tuple

from bot.lang.hinglish import ENGLISH_MARKERS, HINGLISH_MARKERS, NEUTRAL_WORDS
from bot.lang.normalise import normalise


@dataclass(frozen=True)
class District:
    name_en: str  # official English name
    name_hi: str  # official Hindi name, Devanagari
    aliases: Tuple[str, ...] = ()  # old names, cities and other spellings, Latin or Devanagari


@dataclass(frozen=True)
class DistrictMatch:
    district: District
    score: float  # 1.0 for an exact match, the difflib ratio (below 1) for a fuzzy one
    exact: bool


def _d(name_en: str, name_hi: str, *aliases: str) -> District:
    return District(name_en, name_hi, tuple(aliases))


# Grouped by the 18 divisions. Names as used by the UP government today; aliases are what
# people actually type: pre-rename names, headquarters and well-known towns, common spellings.
# A town that lies in two districts (Akbarpur, Tanda) is deliberately left out.
UP_DISTRICTS: Tuple[District, ...] = (
    # Agra
    _d("Agra", "आगरा"),
    _d("Firozabad", "फ़िरोज़ाबाद", "ferozabad", "firojabad", "shikohabad", "शिकोहाबाद"),
    _d("Mainpuri", "मैनपुरी"),
    _d("Mathura", "मथुरा", "vrindavan", "vrindaban", "brindavan", "वृंदावन"),
    # Aligarh
    _d("Aligarh", "अलीगढ़", "aligadh"),
    _d("Etah", "एटा"),
    _d("Hathras", "हाथरस", "hatras", "mahamaya nagar", "महामाया नगर"),
    _d("Kasganj", "कासगंज", "kashganj", "kanshiram nagar", "kanshi ram nagar", "कांशीराम नगर"),
    # Ayodhya
    _d("Ambedkar Nagar", "अंबेडकर नगर", "ambedkarnagar", "आंबेडकर नगर"),
    _d("Amethi", "अमेठी", "chhatrapati shahuji maharaj nagar", "shahuji maharaj nagar",
       "gauriganj", "छत्रपति शाहूजी महाराज नगर", "गौरीगंज"),
    _d("Ayodhya", "अयोध्या", "faizabad", "faijabad", "fyzabad", "फ़ैज़ाबाद"),
    _d("Barabanki", "बाराबंकी", "bara banki"),
    _d("Sultanpur", "सुल्तानपुर", "सुलतानपुर"),
    # Azamgarh
    _d("Azamgarh", "आज़मगढ़", "ajamgarh", "azamgadh"),
    _d("Ballia", "बलिया", "baliya", "balia"),
    _d("Mau", "मऊ", "maunath bhanjan", "मऊनाथ भंजन"),
    # Bareilly
    _d("Budaun", "बदायूँ", "badaun", "badayun", "बदायूं"),
    _d("Bareilly", "बरेली", "bareli", "bareily"),
    _d("Pilibhit", "पीलीभीत", "pilibheet"),
    _d("Shahjahanpur", "शाहजहाँपुर", "shajahanpur"),
    # Basti
    _d("Basti", "बस्ती"),
    _d("Sant Kabir Nagar", "संत कबीर नगर", "santkabir nagar", "sant kabeer nagar", "khalilabad",
       "खलीलाबाद"),
    _d("Siddharthnagar", "सिद्धार्थनगर", "siddharth nagar", "sidharthnagar", "sidharth nagar",
       "सिद्धार्थ नगर"),
    # Chitrakoot Dham
    _d("Banda", "बाँदा"),
    _d("Chitrakoot", "चित्रकूट", "chitrakut", "karwi", "karvi", "कर्वी"),
    _d("Hamirpur", "हमीरपुर", "hameerpur"),
    _d("Mahoba", "महोबा"),
    # Devipatan
    _d("Bahraich", "बहराइच", "baharaich", "behraich"),
    _d("Balrampur", "बलरामपुर"),
    _d("Gonda", "गोंडा"),
    _d("Shravasti", "श्रावस्ती", "sravasti", "shrawasti"),
    # Gorakhpur
    _d("Deoria", "देवरिया", "devaria", "deoriya", "devariya"),
    _d("Gorakhpur", "गोरखपुर"),
    _d("Kushinagar", "कुशीनगर", "kushi nagar", "padrauna", "पडरौना"),
    _d("Maharajganj", "महराजगंज", "mahrajganj", "maharajgunj", "महाराजगंज"),
    # Jhansi
    _d("Jalaun", "जालौन", "orai", "उरई"),
    _d("Jhansi", "झाँसी", "jhasi"),
    _d("Lalitpur", "ललितपुर"),
    # Kanpur
    _d("Auraiya", "औरैया", "oraiya", "auraiyya"),
    _d("Etawah", "इटावा", "etawa", "itawa"),
    _d("Farrukhabad", "फ़र्रुख़ाबाद", "farukhabad", "fatehgarh", "फ़तेहगढ़"),
    _d("Kannauj", "कन्नौज", "kanauj", "kannoj"),
    _d("Kanpur Dehat", "कानपुर देहात", "kanpur dehaat", "kanpur rural", "ramabai nagar",
       "रमाबाई नगर"),
    _d("Kanpur Nagar", "कानपुर नगर", "kanpur", "kanpur city", "cawnpore", "कानपुर"),
    # Lucknow
    _d("Hardoi", "हरदोई"),
    _d("Lakhimpur Kheri", "लखीमपुर खीरी", "lakhimpur", "kheri", "लखीमपुर", "खीरी"),
    _d("Lucknow", "लखनऊ", "lko", "lakhnau", "lakhnow"),
    _d("Raebareli", "रायबरेली", "rae bareli", "rai bareli", "raibareli", "राय बरेली"),
    _d("Sitapur", "सीतापुर", "seetapur"),
    _d("Unnao", "उन्नाव", "unao"),
    # Meerut
    _d("Baghpat", "बागपत", "bagpat"),
    _d("Bulandshahr", "बुलंदशहर", "bulandshahar", "bulandsahar", "khurja", "खुर्जा"),
    _d("Gautam Buddh Nagar", "गौतम बुद्ध नगर", "gautam buddha nagar", "gautam budh nagar",
       "gautambudh nagar", "gb nagar", "noida", "greater noida", "नोएडा", "नोयडा", "ग्रेटर नोएडा"),
    _d("Ghaziabad", "ग़ाज़ियाबाद", "gaziabad", "ghaziyabad", "gzb", "loni", "indirapuram",
       "modinagar", "modi nagar", "लोनी", "मोदीनगर"),
    _d("Hapur", "हापुड़", "panchsheel nagar", "pilkhuwa", "पंचशील नगर"),
    _d("Meerut", "मेरठ", "merath", "meerath", "merut"),
    # Mirzapur
    _d("Mirzapur", "मिर्ज़ापुर", "mirjapur", "vindhyachal", "chunar", "विंध्याचल"),
    _d("Sant Ravidas Nagar", "संत रविदास नगर", "bhadohi", "sant ravi das nagar", "gyanpur",
       "भदोही"),
    _d("Sonbhadra", "सोनभद्र", "sonebhadra", "robertsganj", "renukoot", "रॉबर्ट्सगंज"),
    # Moradabad
    _d("Amroha", "अमरोहा", "jyotiba phule nagar", "gajraula", "ज्योतिबा फुले नगर"),
    _d("Bijnor", "बिजनौर", "bijnaur", "najibabad", "नजीबाबाद"),
    _d("Moradabad", "मुरादाबाद", "muradabad"),
    _d("Rampur", "रामपुर"),
    _d("Sambhal", "संभल", "bhim nagar", "chandausi", "भीम नगर", "चंदौसी"),
    # Prayagraj
    _d("Fatehpur", "फ़तेहपुर"),
    _d("Kaushambi", "कौशाम्बी", "kausambi", "kosambi", "manjhanpur"),
    _d("Pratapgarh", "प्रतापगढ़", "partapgarh", "pratapgadh", "bela pratapgarh"),
    _d("Prayagraj", "प्रयागराज", "allahabad", "alahabad", "ilahabad", "prayag", "इलाहाबाद",
       "प्रयाग"),
    # Saharanpur
    _d("Muzaffarnagar", "मुज़फ़्फ़रनगर", "muzaffar nagar", "mujaffarnagar", "muzafarnagar"),
    _d("Saharanpur", "सहारनपुर", "deoband", "देवबंद"),
    _d("Shamli", "शामली", "prabuddh nagar", "prabuddha nagar", "kairana", "कैराना"),
    # Varanasi
    _d("Chandauli", "चंदौली", "chandoli", "mughalsarai", "mugalsarai", "मुगलसराय"),
    _d("Ghazipur", "ग़ाज़ीपुर", "gazipur", "gajipur"),
    _d("Jaunpur", "जौनपुर", "jonpur"),
    _d("Varanasi", "वाराणसी", "banaras", "benares", "benaras", "kashi", "sarnath", "बनारस",
       "काशी", "सारनाथ"),
)

# Names that are also everyday words ("ek banda", "hamari basti", "sambhal ke"): they count
# only when she answers with little else or says "district"/"जिला" next to them.
_COMMON_WORD_NAMES = ("banda", "basti", "sambhal", "बस्ती", "संभल")

# Words around a place name in an answer ("main lucknow se hoon", "I live in Noida sector 62").
_ANSWER_WORDS_RAW = """
i am i'm im from in at live living stay staying my is the near currently now abhi
district distt dist jila jile zila zile zilla janpad city shahar sheher town village gaon gav
sector uttar pradesh up u p se me mein main hoon hai ho hum ji mera meri mere ghar home
rehti rahti rehta rahta rehte rahte rehne rahne wali wala ka ki ke
मैं में से हूँ हूं है हैं हम जी मेरा मेरी मेरे घर रहती रहता रहते रहने वाली वाला का की के
जिला ज़िला जिले जनपद शहर गांव गाँव उत्तर प्रदेश यूपी अभी
"""
# Everyday words within fuzzy reach of a name, found by running the training data through
# match_district: "karwana" ~ Kairana (Shamli), "matra" ~ Mathura, "jalane" ~ Jalaun.
_LOOK_ALIKES_RAW = """karwana karwani karwane karvana karvani barely kaisi kaisa jhansa matra jalane
jalana jalaane jalaana migrate करवाना करवानी"""
_DISTRICT_CUES_RAW = "district distt dist jila jile zila zile zilla janpad जिला ज़िला जिले जनपद"

_MAX_CHARS = 500  # a district is named early; never spend time on the rest of a long message
_MAX_TOKEN = 40  # longer "words" are pasted junk, not place names
# Shorter strings are one typo away from ordinary words ("kashi" ~ "kaisi"). Devanagari spends
# a code point on each vowel sign, so 4 of them ("लखनऊ") are as long as 5 Latin letters.
_MIN_FUZZY = {"Latn": 5, "Deva": 4}
_ANSWER_CUTOFF = 0.82  # fuzzy ratio when the name is (nearly) all she wrote; 0.8 let "ganda" be Gonda
_SENTENCE_CUTOFF = 0.86  # stricter inside a sentence: "jhansa", "barely", "gunda" must not match

# Only Devanagari letters and ASCII letters/digits can spell a district; dandas (।॥) split words.
_TOKEN = re.compile("[\u0900-\u0963\u0971-\u097f]+|[a-z0-9]+")
_DEVANAGARI = re.compile("[\u0900-\u097f]")
# A nasal consonant + virama before a consonant of its class is the anusvara (सम्भल = संभल).
_HALF_NASAL = re.compile("[ङ]्(?=[कखगघ])|[ञ]्(?=[चछजझ])|[ण]्(?=[टठडढ])|[न]्(?=[तथदध])|[म]्(?=[पफबभ])")
# Fuzzy only: long/short vowels and sibilants people mix up when typing Hindi.
_DEVANAGARI_SKELETON = str.maketrans({"ी": "ि", "ू": "ु", "ई": "इ", "ऊ": "उ", "ं": None,
                                      "श": "स", "ष": "स", "ण": "न"})
_LATIN_ASPIRATE = re.compile(r"(?<=[bcdgjkpt])h")
_LATIN_DOUBLE = re.compile(r"([a-z])\1+")


def describe(district: District, language: str) -> str:
    """The district's name in the script of the conversation ("hi" reads Devanagari)."""
    return district.name_hi if language == "hi" else district.name_en


def _loose(token: str) -> str:
    # Nukta, chandrabindu and half-nasal spellings are variants of one word, not typos.
    if not _DEVANAGARI.search(token):
        return token
    token = token.replace("\u093c", "").replace("\u0901", "\u0902")
    return _HALF_NASAL.sub("\u0902", token)


def _skeleton(text: str) -> str:
    # Folds the differences typos and romanization habits make, for fuzzy comparison only.
    if _DEVANAGARI.search(text):
        return text.translate(_DEVANAGARI_SKELETON)
    text = text.replace("ee", "i").replace("oo", "u")
    text = _LATIN_ASPIRATE.sub("", text).replace("w", "v").replace("z", "j").replace("q", "k")
    return _LATIN_DOUBLE.sub(r"\1", text)


def _long_enough(skeleton: str) -> bool:
    script = "Deva" if _DEVANAGARI.search(skeleton) else "Latn"
    return _MIN_FUZZY[script] <= len(skeleton) <= _MAX_TOKEN


def _tokens(text: str) -> List[str]:
    return [_loose(t) for t in _TOKEN.findall(normalise(text[:_MAX_CHARS]))]


def _word_set(raw: str) -> FrozenSet[str]:
    return frozenset(t for w in raw.split() for t in _tokens(w))


class _Key(NamedTuple):
    n_words: int
    skeleton: str  # compact (no spaces) skeleton, for difflib
    district: District
    common_word: bool


def _spellings(district: District) -> Iterator[Tuple[str, ...]]:
    for spelling in (district.name_en, district.name_hi) + district.aliases:
        yield tuple(_tokens(spelling))


def _build_index() -> Tuple[Dict[str, _Key], Dict[str, List[_Key]]]:
    """Exact keys (spaced and compact forms) and fuzzy keys bucketed by first letter."""
    common = {" ".join(_tokens(w)) for w in _COMMON_WORD_NAMES}
    exact: Dict[str, _Key] = {}
    fuzzy: Dict[str, List[_Key]] = {}
    for district in UP_DISTRICTS:
        for words in _spellings(district):
            spaced = " ".join(words)
            key = _Key(len(words), _skeleton("".join(words)), district, spaced in common)
            for form in {spaced, "".join(words)}:
                owner = exact.setdefault(form, key).district
                if owner is not district:  # fail at import, not by sending her to the wrong place
                    raise ValueError(f"{form!r} names both {owner.name_en} and {district.name_en}")
            bucket = fuzzy.setdefault(key.skeleton[0], [])
            # A typo of "banda" is more likely the word than the district: exact only.
            if _long_enough(key.skeleton) and not key.common_word and key not in bucket:
                bucket.append(key)
    return exact, fuzzy


_EXACT, _FUZZY = _build_index()
_MAX_WORDS = max(key.n_words for key in _EXACT.values())
_ANSWER_WORDS = _word_set(_ANSWER_WORDS_RAW)
_DISTRICT_CUES = _word_set(_DISTRICT_CUES_RAW)
# Ordinary words never start a fuzzy match: "mera" is not Meerut, "agar" is not Agra.
_NOT_PLACES = (frozenset(HINGLISH_MARKERS | ENGLISH_MARKERS | NEUTRAL_WORDS) | _ANSWER_WORDS
               | _word_set(_LOOK_ALIKES_RAW))


class _Hit(NamedTuple):
    start: int
    end: int
    key: _Key
    score: float


def _spans(n_tokens: int) -> Iterator[Tuple[int, int]]:
    for n in range(1, _MAX_WORDS + 1):
        for start in range(n_tokens - n + 1):
            yield start, start + n


def _exact_hits(tokens: List[str]) -> Iterator[_Hit]:
    for start, end in _spans(len(tokens)):
        key = _EXACT.get(" ".join(tokens[start:end]))
        if key is not None:
            yield _Hit(start, end, key, 1.0)


def _is_candidate(phrase: List[str]) -> bool:
    # A typo'd name starts and ends with a word that is not a number or an everyday word.
    first, last = phrase[0], phrase[-1]
    return not (first.isdigit() or last.isdigit() or first in _NOT_PLACES or last in _NOT_PLACES)


def _closest(skeleton: str, n_words: int) -> Optional[Tuple[_Key, float]]:
    """The most similar name with at least `n_words` words and the same first letter."""
    matcher = difflib.SequenceMatcher(None, autojunk=False)
    matcher.set_seq2(skeleton)  # difflib caches details about seq2, so the phrase goes there
    best: Optional[Tuple[_Key, float]] = None
    for key in _FUZZY.get(skeleton[0], ()):
        if key.n_words < n_words:
            continue  # "lucknow me" must not become "lucknowme" ~ Lucknow
        matcher.set_seq1(key.skeleton)
        if matcher.real_quick_ratio() < _ANSWER_CUTOFF or matcher.quick_ratio() < _ANSWER_CUTOFF:
            continue
        ratio = matcher.ratio()
        if ratio >= _ANSWER_CUTOFF and (best is None or ratio > best[1]):
            best = (key, ratio)
    return best


def _fuzzy_hits(tokens: List[str], exact_spans: set) -> Iterator[_Hit]:
    for start, end in _spans(len(tokens)):
        phrase = tokens[start:end]
        if (start, end) in exact_spans or not _is_candidate(phrase):
            continue
        skeleton = _skeleton("".join(phrase))
        if not _long_enough(skeleton):
            continue
        found = _closest(skeleton, end - start)
        if found is not None:
            # Below 1.0 even when only spelling habits differ, so an exact match always ranks first.
            yield _Hit(start, end, found[0], min(round(found[1], 3), 0.99))


def _is_answer(tokens: List[str], hit: _Hit) -> bool:
    # True when everything else she wrote is filler: "main lucknw se hoon", "Noida sector 62".
    rest = tokens[:hit.start] + tokens[hit.end:]
    return all(t in _ANSWER_WORDS or t.isdigit() for t in rest)


def _accept(tokens: List[str], hit: _Hit) -> bool:
    answer = _is_answer(tokens, hit)
    if hit.key.common_word:
        neighbours = tokens[max(hit.start - 1, 0):hit.start] + tokens[hit.end:hit.end + 1]
        return answer or any(t in _DISTRICT_CUES for t in neighbours)
    return hit.score == 1.0 or hit.score >= (_ANSWER_CUTOFF if answer else _SENTENCE_CUTOFF)


def _supersedes(outer: _Hit, inner: _Hit) -> bool:
    # "kanpur dehat" (or "kanpur dehaat") explains more than the "kanpur" inside it; but a
    # fuzzy "noida sektor" must not replace the exact "noida" of the same district.
    longer = outer.start <= inner.start and inner.end <= outer.end and (
        outer.end - outer.start > inner.end - inner.start)
    return longer and (outer.score == 1.0 or outer.key.district is not inner.key.district)


def _outermost(hits: List[_Hit]) -> List[_Hit]:
    return [h for h in hits if not any(_supersedes(o, h) for o in hits)]


def match_district(text: str) -> Optional[DistrictMatch]:
    """The UP district named in `text` (a bare answer or a sentence), or None. Never raises."""
    if not isinstance(text, str) or not text.strip():
        return None
    tokens = [t for t in _tokens(text) if len(t) <= _MAX_TOKEN]
    exact = list(_exact_hits(tokens))
    hits = exact + list(_fuzzy_hits(tokens, {(h.start, h.end) for h in exact}))
    hits = _outermost([h for h in hits if _accept(tokens, h)])
    if not hits:
        return None
    # Exact before fuzzy, then the closest, then the longest, then the first she wrote.
    best = min(hits, key=lambda h: (h.score < 1.0, -h.score, h.start - h.end, h.start))
    return DistrictMatch(best.key.district, best.score, best.score == 1.0)
