"""Starts the Rasa server in this process: `python -m bot.rasa_server [rasa run options]`.

Why not `rasa run --enable-api --auth-token ... --cors "*"`: the token was then on the command line
(anyone on the machine sees it in `ps`) and in every API URL (`?token=`, in access logs and proxies),
and any web page could call the server. Here Rasa's own CLI runs with three things set in code:
- the API is on, with the key from bot.settings.rasa_api_token() (RASA_API_TOKEN, its _FILE, or the
  local secrets file) as its JWT secret and no query-string token, so clients send a short-lived
  signed token in a header (bot/rasa_api.py);
- CORS only for the widget's configured origins (HS_WIDGET_ORIGINS; none unless configured in
  production);
- the options that would put a secret on the command line, or widen CORS, are refused.
The REST channel is off in production (bot/channels/guarded.py).
Before Rasa starts, our patches to its code are applied (bot/rasa_patches: a validator built once).
"""
import sys
from typing import List, Optional

from bot import settings

REFUSED = ("--auth-token", "-t", "--jwt-secret", "--jwt-private-key", "--cors")


def secured(parsed, key: str, origins) -> None:
    """What we set on Rasa's parsed `run` options, whatever the command line said."""
    parsed.enable_api = True
    parsed.auth_token = None            # no ?token= at all: only signed bearer tokens
    parsed.jwt_secret = key
    parsed.jwt_private_key = None
    parsed.jwt_method = "HS256"
    parsed.cors = list(origins) or None  # None: no cross-origin access


def main(argv: Optional[List[str]] = None) -> None:
    argv = list(sys.argv[1:] if argv is None else argv)
    refused = [arg for arg in argv if arg.split("=", 1)[0] in REFUSED]
    if refused:
        raise SystemExit(f"bot.rasa_server sets {', '.join(refused)} itself (the key from RASA_API_TOKEN or "
                         "its file, CORS from HS_WIDGET_ORIGINS): leave it off the command line")
    key = settings.rasa_api_token()
    import rasa.__main__ as rasa_main  # here: importing Rasa takes seconds

    from bot import rasa_patches
    rasa_patches.apply()  # our fixes to Rasa's own code (bot/rasa_patches), before it serves

    make_parser = rasa_main.create_argument_parser

    def parser_with_our_security():
        parser = make_parser()
        parse = parser.parse_args

        def parse_args(args=None, namespace=None):
            parsed = parse(args, namespace)
            secured(parsed, key, settings.WIDGET_ORIGINS)
            return parsed
        parser.parse_args = parse_args  # type: ignore[method-assign]
        return parser

    rasa_main.create_argument_parser = parser_with_our_security
    sys.argv = ["rasa", "run", *argv]
    rasa_main.main()


if __name__ == "__main__":
    main()
