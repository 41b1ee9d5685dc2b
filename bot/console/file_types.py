"""What kind of file an evidence download is, from its first bytes (never from a name she or a
channel gave): a few well-known types get their own content type, everything else is served as
opaque bytes. Always as an attachment, so nothing she sent is ever rendered inside the console."""
from typing import Tuple

OPAQUE = ("application/octet-stream", "bin")
_SIGNATURES = [
    (b"\xff\xd8\xff", ("image/jpeg", "jpg")),
    (b"\x89PNG\r\n\x1a\n", ("image/png", "png")),
    (b"GIF87a", ("image/gif", "gif")),
    (b"GIF89a", ("image/gif", "gif")),
    (b"%PDF-", ("application/pdf", "pdf")),
    (b"OggS", ("audio/ogg", "ogg")),
]


def sniff(content: bytes) -> Tuple[str, str]:
    """(content type, file extension) for the file's first bytes."""
    for signature, kind in _SIGNATURES:
        if content.startswith(signature):
            return kind
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp", "webp"
    if content[4:8] == b"ftyp":
        return "video/mp4", "mp4"
    return OPAQUE
