"""Pages from the Jinja2 templates under templates/: autoescaped, with the logged-in staff member,
her session's CSRF token (for the forms) and the path (for the navigation)."""
from datetime import datetime
from pathlib import Path
from typing import Optional
from zoneinfo import ZoneInfo

import jinja2
from aiohttp import web

TEMPLATES = Path(__file__).parent / "templates"
INDIA = ZoneInfo("Asia/Kolkata")


def india_time(moment: Optional[datetime], pattern: str = "%Y-%m-%d %H:%M") -> str:
    """An aware moment as India time (where the officers and she are), e.g. for "filed at"."""
    return moment.astimezone(INDIA).strftime(pattern) if moment else ""


_templates = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                                autoescape=jinja2.select_autoescape(["html"]))
_templates.filters["ist"] = india_time


def render_text(request: web.Request, name: str, **context) -> str:
    login = request.get("login")
    return _templates.get_template(name).render(user=login.user if login else None,
                                                csrf=login.csrf_token if login else "", path=request.path, **context)


def render(request: web.Request, name: str, status: int = 200, **context) -> web.Response:
    return web.Response(text=render_text(request, name, **context), content_type="text/html", status=status)
