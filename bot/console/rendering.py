"""Pages from the Jinja2 templates under templates/: autoescaped, with the logged-in staff member,
her session's CSRF token (for the forms), the path (for the navigation), and her language: `t(key)`
for the console's words (i18n.py), `lang` for <html lang>, and the `ist` filter for India time."""
from datetime import date, datetime
from pathlib import Path
from typing import Optional, Union

import jinja2
from aiohttp import web

from bot.console.dates import format_moment
from bot.console.i18n import LANGUAGES, NAMES, catalogue, language_of, text, translate_message, translator

TEMPLATES = Path(__file__).parent / "templates"
# The words console.js shows (the queue and the case conversation), handed to it in the page.
SCRIPT_TEXTS = ("js.", "handoff_status.", "channel.", "chat_language.", "trigger.")


def script_texts(lang: str) -> dict:
    return {key: text(lang, key) for key in catalogue() if key.startswith(SCRIPT_TEXTS)}


@jinja2.pass_context
def india_time(context, moment: Optional[Union[datetime, date]], style: str = "datetime") -> str:
    """A moment as India time (where the officers and she are) in the page's language, e.g. for
    "filed at": "5 Dec 2026, 14:05" / "5 दिसंबर 2026, 14:05" (styles: dates.STYLES)."""
    return format_moment(moment, context.get("lang", "en"), style)


_templates = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                                autoescape=jinja2.select_autoescape(["html"]))
_templates.filters["ist"] = india_time


def render_text(request: web.Request, name: str, **context) -> str:
    login = request.get("login")
    lang = language_of(request)
    # Where the language switch comes back to: this page, or her start page after a form (a POST
    # page such as her number cannot be opened again by a GET).
    here = request.path_qs if request.method == "GET" else "/"
    return _templates.get_template(name).render(
        user=login.user if login else None, csrf=login.csrf_token if login else "", path=request.path,
        here=here, lang=lang, t=translator(lang), console_languages=LANGUAGES, language_names=NAMES,
        message=lambda english: translate_message(lang, english), script_texts=script_texts(lang),
        **context)


def render(request: web.Request, name: str, status: int = 200, **context) -> web.Response:
    return web.Response(text=render_text(request, name, **context), content_type="text/html", status=status)
