"""Social-media accounts she names: profile links ("instagram.com/some.user/") and bare "@handles".

A `Handle.key` such as "instagram:rahul_123" is what repeat reports about one account are counted
by, so the same account written as a link, with "www.", in capitals or as "@Rahul_123" must give
the same key. All functions accept any Unicode string, never raise and read at most MAX_CHARS.
"""
import re
from dataclasses import dataclass
from typing import List, Optional, Tuple

MAX_CHARS = 2000

INSTAGRAM, FACEBOOK, X, SNAPCHAT, TELEGRAM, YOUTUBE, UNKNOWN = (
    "instagram", "facebook", "x", "snapchat", "telegram", "youtube", "unknown",
)
PLATFORMS = (INSTAGRAM, FACEBOOK, X, SNAPCHAT, TELEGRAM, YOUTUBE, UNKNOWN)

# Platform limits where they are well known; anything longer is not a real account name.
MAX_LENGTH = {INSTAGRAM: 30, X: 15, SNAPCHAT: 15, TELEGRAM: 32}
DEFAULT_MAX_LENGTH = 50


@dataclass(frozen=True)
class Handle:
    platform: str
    handle: str

    @property
    def key(self) -> str:
        """"platform:handle", the identity repeat reports are counted by."""
        return f"{self.platform}:{self.handle}"


_INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ufeff]")
# Not preceded by a letter, dot or "@": "notinstagram.com" and "abc@instagram.com" are not links.
_HOST_START = r"(?<![\w.@-])(?:https?://)?"
_SEGMENT = r"([a-z0-9._-]+)"

# (platform, regex): group 1 is the account name; a "people/<name>/<id>" or "profile.php?id="
# link has its numeric id in group 2 instead.
_URLS = [
    (INSTAGRAM, re.compile(_HOST_START + r"(?:(?:www|m)\.)?(?:instagram\.com|instagr\.am)/(?:stories/)?" + _SEGMENT)),
    (FACEBOOK, re.compile(
        _HOST_START + r"(?:(?:www|m|web|mbasic|touch)\.)?(?:facebook\.com|fb\.com|fb\.me)/"
        r"(?:profile\.php\?(?:[^\s#]*&)?id=([0-9]+)|people/[^/\s?#]+/([0-9]+)|" + _SEGMENT + r")"
    )),
    (X, re.compile(_HOST_START + r"(?:(?:www|m|mobile)\.)?(?:twitter\.com|x\.com)/@?" + _SEGMENT)),
    (SNAPCHAT, re.compile(_HOST_START + r"(?:(?:www|story)\.)?snapchat\.com/(?:add/|@)" + _SEGMENT)),
    (TELEGRAM, re.compile(_HOST_START + r"(?:(?:www)\.)?(?:t\.me|telegram\.me|telegram\.dog)/(?:s/)?" + _SEGMENT)),
    (YOUTUBE, re.compile(
        _HOST_START + r"(?:(?:www|m)\.)?youtube\.com/(?:@|c/|user/|channel/)" + _SEGMENT
    )),
]

# First path segments that are pages of the site, not accounts ("instagram.com/p/Cx1..." is a post).
_RESERVED = {
    INSTAGRAM: {"p", "reel", "reels", "tv", "explore", "accounts", "direct", "stories", "about", "legal"},
    FACEBOOK: {"groups", "pages", "events", "watch", "share", "sharer", "sharer.php", "story.php",
               "photo.php", "permalink.php", "login", "login.php", "home.php", "marketplace", "reel",
               "photo", "photos", "video", "videos", "hashtag", "help", "profile.php", "people", "messages"},
    X: {"home", "search", "i", "intent", "share", "hashtag", "explore", "settings", "messages",
        "notifications", "login", "compose", "tos", "privacy"},
    SNAPCHAT: set(),
    TELEGRAM: {"joinchat", "addstickers", "share", "c", "s", "proxy", "iv"},
    YOUTUBE: set(),
}

# Words that say which app a bare "@handle" belongs to.
_CONTEXT_WORDS = [
    (INSTAGRAM, r"insta|instagram|instagarm|instgram|ig|इंस्टा|इंस्टाग्राम"),
    (FACEBOOK, r"fb|facebook|facebok|फेसबुक"),
    (X, r"twitter|tweet|ट्विटर"),
    (SNAPCHAT, r"snap|snapchat|स्नैप|स्नैपचैट"),
    (TELEGRAM, r"telegram|tele|टेलीग्राम"),
    (YOUTUBE, r"youtube|yt|यूट्यूब|यूट्यूब"),
]
_CONTEXT = [
    (platform, re.compile(r"(?<![a-z0-9\u0900-\u097f])(?:" + words + r")(?![a-z0-9\u0900-\u097f])"))
    for platform, words in _CONTEXT_WORDS
]

# A bare "@name": not after a letter or digit (that is an e-mail) nor after "/" (part of a URL).
_BARE = re.compile(r"(?<![\w@/.])@([a-z0-9_.]{1,80})(?![a-z0-9_@])")
# "@gmail.com" on its own is an e-mail domain, not an account.
_DOMAIN_LIKE = re.compile(r"\.(?:com|in|net|org|co|io|me|info|edu|gov)$")
_VALID_NAME = re.compile(r"[a-z0-9._-]+")
# "@5pm", "@10:30" and "@5baje" mean "at five".
_TIME_LIKE = re.compile(r"[0-9]{1,2}(?:[.:][0-9]{2})?(?:am|pm|baje|bje)?")


def _prepare(text: str) -> str:
    if not isinstance(text, str):
        return ""
    return _INVISIBLE.sub("", text[:MAX_CHARS]).lower()


def _clean_name(platform: str, name: str) -> Optional[str]:
    """Canonical account name, or None when it cannot be one on `platform`."""
    # A sentence may end right after the handle: "@rahul." and "instagram.com/rahul/".
    name = name.strip("./").lstrip("@")
    if not name or not _VALID_NAME.fullmatch(name) or not re.search(r"[a-z0-9]", name):
        return None
    if len(name) > MAX_LENGTH.get(platform, DEFAULT_MAX_LENGTH):
        return None
    return name


def _from_url(platform: str, match: "re.Match") -> Optional[str]:
    numeric_id = next((g for g in match.groups()[:-1] if g), None) if platform == FACEBOOK else None
    if numeric_id:
        return "id:" + numeric_id
    name = match.groups()[-1]
    if name is None or name.strip(".") in _RESERVED.get(platform, ()):
        return None
    if platform == FACEBOOK and name.isdigit():
        # facebook.com/1000123 and profile.php?id=1000123 are the same account.
        return "id:" + name
    return _clean_name(platform, name)


def _url_handles(text: str) -> List[Tuple[int, Handle]]:
    found = []
    for platform, pattern in _URLS:
        for match in pattern.finditer(text):
            name = _from_url(platform, match)
            if name is not None:
                found.append((match.start(), Handle(platform, name)))
    return found


def _platform_near(text: str, position: int) -> str:
    """The app named nearest to `position` in the message, or "unknown"."""
    best, best_distance = UNKNOWN, None
    for platform, pattern in _CONTEXT:
        for match in pattern.finditer(text):
            distance = min(abs(match.start() - position), abs(match.end() - position))
            if best_distance is None or distance < best_distance:
                best, best_distance = platform, distance
    return best


def _bare_handles(text: str) -> List[Tuple[int, Handle]]:
    found = []
    for match in _BARE.finditer(text):
        raw = match.group(1).rstrip(".")
        # "@5" or "@ 5pm" is "at 5", "@gmail.com" is an e-mail domain: neither names an account.
        if len(raw) < 2 or _TIME_LIKE.fullmatch(raw) or not re.search(r"[a-z]", raw) or _DOMAIN_LIKE.search(raw):
            continue
        platform = _platform_near(text, match.start())
        name = _clean_name(platform, raw)
        if name is not None:
            found.append((match.start(), Handle(platform, name)))
    return found


def find_handles(text: str) -> List[Handle]:
    """Distinct accounts named in `text`, in the order she wrote them."""
    prepared = _prepare(text)
    if "@" not in prepared and "." not in prepared:
        return []
    found = sorted(_url_handles(prepared) + _bare_handles(prepared), key=lambda item: item[0])
    result: List[Handle] = []
    for _, handle in found:
        if handle not in result:
            result.append(handle)
    return result
