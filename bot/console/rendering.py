"""Pages from the Jinja2 templates under templates/: autoescaped, with the logged-in staff member,
her session's CSRF token (for the forms) and the path (for the navigation)."""
from pathlib import Path

import jinja2
from aiohttp import web

TEMPLATES = Path(__file__).parent / "templates"

_templates = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)),
                                autoescape=jinja2.select_autoescape(["html"]))


def render(request: web.Request, name: str, status: int = 200, **context) -> web.Response:
    login = request.get("login")
    html = _templates.get_template(name).render(user=login.user if login else None,
                                                csrf=login.csrf_token if login else "", path=request.path, **context)
    return web.Response(text=html, content_type="text/html", status=status)
