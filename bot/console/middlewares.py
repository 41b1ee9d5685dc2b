"""Around every request: security headers on every answer, and a login (with the CSRF token on
every POST) for everything but the login page, the health check and the static files."""
import asyncio
from aiohttp import web

from bot.console import keys
from bot.console.auth import csrf_ok

COOKIE = "hs_console"
PUBLIC_PATHS = {"/login", "/health"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
HSTS = "max-age=31536000; includeSubDomains"


def is_local(request: web.Request) -> bool:
    """Opened as localhost (a developer, a test, an SSH tunnel): plain http must keep working there."""
    host = (request.host or "").lower()
    host = host.split("]", 1)[0] + "]" if host.startswith("[") else host.rsplit(":", 1)[0]
    return host in LOCAL_HOSTS


def cookie_flags(request: web.Request) -> dict:
    """Secure everywhere but on localhost (CONSOLE_SECURE_COOKIES forces it there too)."""
    secure = request.app[keys.SECURE_COOKIES] or not is_local(request)
    return dict(httponly=True, samesite="Strict", secure=secure, path="/")


@web.middleware
async def security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as error:
        response = error
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["Cache-Control"] = "no-store"
    if not is_local(request):
        response.headers["Strict-Transport-Security"] = HSTS
    if isinstance(response, web.HTTPException):
        raise response
    return response


@web.middleware
async def authenticate(request: web.Request, handler):
    if request.path in PUBLIC_PATHS or request.path.startswith("/static/"):
        return await handler(request)
    # Background polling of the pages (/api/...) is not her activity: it does not hold the session open.
    polling = request.path.startswith("/api/")
    login = await asyncio.to_thread(request.app[keys.AUTH].session_for,
                                    request.cookies.get(COOKIE), activity=not polling)
    if login is None:
        if request.path.startswith("/api/") or request.method != "GET":
            raise web.HTTPUnauthorized(text="login needed")
        raise web.HTTPFound("/login")
    request["login"] = login
    if request.method == "POST":
        given: object = request.headers.get("X-CSRF-Token")
        if given is None:
            form = await request.post()
            given = form.get("csrf")  # may be a file upload: csrf_ok refuses anything but text
        if not csrf_ok(login.csrf_token, given):
            raise web.HTTPForbidden(text="CSRF token missing or wrong")
    return await handler(request)
