"""Size of everything the web chat widget loads (web/widget/), raw and gzipped, as a browser would
fetch it from a server that compresses. `python -m bot.devtools.widget_size`."""
import gzip
import sys

from bot.settings import PROJECT_ROOT

WIDGET_DIR = PROJECT_ROOT / "web" / "widget"
# The only files the widget requests (the browser tests check that it asks for nothing else).
WIDGET_FILES = ("hamari-widget.js", "hamari-widget.css", "socket.io.min.js")


def bundle_sizes() -> dict:
    """{file: (bytes, gzipped bytes)} for each file the widget loads."""
    sizes = {}
    for name in WIDGET_FILES:
        data = (WIDGET_DIR / name).read_bytes()
        sizes[name] = (len(data), len(gzip.compress(data, compresslevel=9, mtime=0)))
    return sizes


def main() -> int:
    sizes = bundle_sizes()
    for name, (raw, packed) in sizes.items():
        print(f"{name:22} {raw / 1024:7.1f} KiB  gzipped {packed / 1024:6.1f} KiB")
    raw, packed = (sum(v[i] for v in sizes.values()) for i in (0, 1))
    print(f"{'total':22} {raw / 1024:7.1f} KiB  gzipped {packed / 1024:6.1f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
