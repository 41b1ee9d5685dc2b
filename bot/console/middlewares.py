"""Around every request: security headers on every answer, and a login (with the CSRF token on
every POST) for everything but the login page, the health check and the static files."""
from aiohttp import web

from bot.console import keys
from bot.console.auth import csrf_ok

COOKIE = "hs_console"
PUBLIC_PATHS = {"/login", "/health"}
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'none'")


def cookie_flags(app: web.Application) -> dict:
    return dict(httponly=True, samesite="Strict", secure=app[keys.SECURE_COOKIES], path="/")


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
    if isinstance(response, web.HTTPException):
        raise response
    return response


@web.middleware
async def authenticate(request: web.Request, handler):
    if request.path in PUBLIC_PATHS or request.path.startswith("/static/"):
        return await handler(request)
    login = request.app[keys.AUTH].session_for(request.cookies.get(COOKIE))
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
