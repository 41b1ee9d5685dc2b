"""Logging in and out, and the health check: the pages open without a session."""
import asyncio
import logging
import secrets
from typing import Optional

from aiohttp import web

from bot import settings
from bot.console import keys
from bot.console.auth import AuthError, csrf_ok
from bot.console.i18n import COOKIE as LANGUAGE_COOKIE, language_of, pick, t_request, translate_message
from bot.console.passwords import MAX_CHARS, MIN_CHARS
from bot.console.middlewares import COOKIE, cookie_flags
from bot.console.rendering import render
from bot.console.throttle import source_address

logger = logging.getLogger(__name__)
LOGIN_CSRF_COOKIE = "hs_login_csrf"
WRONG = "login.wrong"   # catalogue keys (texts/console.yml)
WAIT = "login.wait"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600


async def login_page(request: web.Request):
    # Reuse the pre-login token when the browser already has one: a second load of the page (another
    # tab, a prefetch) must not invalidate the form that is on screen.
    token = request.cookies.get(LOGIN_CSRF_COOKIE) or ""
    if len(token) != 43 or not token.replace("-", "").replace("_", "").isalnum():
        token = secrets.token_urlsafe(32)
    response = render(request, "login.html", login_csrf=token, error=None)
    response.set_cookie(LOGIN_CSRF_COOKIE, token, max_age=1800, **cookie_flags(request))
    if pick(request.query.get("lang")):  # her choice on the login page holds until she logs in
        response.set_cookie(LANGUAGE_COOKIE, language_of(request), max_age=LANGUAGE_COOKIE_AGE,
                            **cookie_flags(request))
    return response


async def login_submit(request: web.Request):
    form = await request.post()
    if not csrf_ok(request.cookies.get(LOGIN_CSRF_COOKIE) or "", form.get("csrf")):
        raise web.HTTPForbidden(text="CSRF token missing or wrong")
    username = str(form.get("username") or "")[:64]
    password = str(form.get("password") or "")[:1024]
    address = source_address(request, settings.CONSOLE_TRUSTED_PROXIES)
    throttle = request.app[keys.LOGIN_THROTTLE]
    if not throttle.begin(address):
        await asyncio.to_thread(_failed, request, username, address, "address throttled")
        return _login_again(request, 429, WAIT)
    try:
        # argon2 is deliberately slow: hash off the event loop so the live relay keeps flowing.
        token, login = await asyncio.get_running_loop().run_in_executor(
            None, request.app[keys.AUTH].login, username, password)
    except AuthError:
        await asyncio.to_thread(_failed, request, username, address, "wrong password, unknown user, locked or inactive")
        return _login_again(request, 401, WRONG)
    throttle.succeeded(address)
    await asyncio.to_thread(request.app[keys.AUDIT].record, login.user, "login", "staff", login.user.id)
    response = web.HTTPFound("/")  # the start page of her role (views/cases.index)
    response.set_cookie(COOKIE, token, **cookie_flags(request))
    response.del_cookie(LOGIN_CSRF_COOKIE, path="/")
    raise response


def _failed(request: web.Request, username: str, address: str, why: str) -> None:
    """Who tried and from where, on the log and in the audit log; never the password. repr() keeps a
    user name with line breaks from forging log lines."""
    logger.warning("console login failed: user %r from %s (%s)", username, address, why)
    request.app[keys.AUDIT].record(None, "login_failed", "staff", None, f"user {username!r} from {address}")


def _login_again(request: web.Request, status: int, error: str) -> web.Response:
    fresh = secrets.token_urlsafe(32)
    response = render(request, "login.html", status=status, login_csrf=fresh, error=t_request(request, error))
    response.set_cookie(LOGIN_CSRF_COOKIE, fresh, max_age=1800, **cookie_flags(request))
    return response


async def logout(request: web.Request):
    await asyncio.to_thread(request.app[keys.AUTH].logout, request.cookies.get(COOKIE))
    await asyncio.to_thread(request.app[keys.AUDIT].record,
                            request["login"].user, "logout", "staff", request["login"].user.id)
    response = web.HTTPFound("/login")
    response.del_cookie(COOKIE, path="/")
    raise response


async def password_page(request: web.Request, error: Optional[str] = None, done: bool = False):
    return render(request, "password.html", status=400 if error else 200, error=error, done=done,
                  min_chars=MIN_CHARS)


async def password_submit(request: web.Request):
    """Her own password: current, new, new again. Every other session of hers ends; audited."""
    form = await request.post()
    user = request["login"].user
    current, new = str(form.get("current") or "")[:MAX_CHARS + 1], str(form.get("new") or "")[:MAX_CHARS + 1]
    if new != str(form.get("again") or "")[:MAX_CHARS + 1]:
        return await password_page(request, error=t_request(request, "password.not_same"))
    try:
        await asyncio.get_running_loop().run_in_executor(
            None, request.app[keys.AUTH].change_password, user.id, current, new, request.cookies.get(COOKIE))
    except AuthError as error:
        await asyncio.to_thread(request.app[keys.AUDIT].record,
                                user, "password_change_failed", "staff", user.id, str(error))
        return await password_page(request, error=_sentence(language_of(request), str(error)))
    await asyncio.to_thread(request.app[keys.AUDIT].record, user, "password_change", "staff", user.id)
    return await password_page(request, done=True)


def _sentence(lang: str, message: str) -> str:
    """An AuthError's message ("the current password is wrong") as a sentence in her language."""
    translated = translate_message(lang, message)
    return translated[:1].upper() + translated[1:] + ("" if translated.endswith((".", "।")) else
                                                      ("।" if lang == "hi" else "."))


async def set_language(request: web.Request):
    """The header's language switch: remembered on her account (and in a cookie for the login page
    after she logs out); back to the page she was on."""
    form = await request.post()
    chosen = pick(str(form.get("lang") or ""))
    if chosen is None:
        raise web.HTTPBadRequest(text="lang: hi or en")
    user = request["login"].user
    await asyncio.to_thread(request.app[keys.AUTH].set_language, user.id, chosen)
    back = str(form.get("next") or "/")
    # Only a path of this console: never "//elsewhere" or a full address (no open redirect).
    if not back.startswith("/") or back.startswith("//") or "\\" in back or any(c in back for c in "\r\n"):
        back = "/"
    response = web.HTTPFound(back)
    response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=LANGUAGE_COOKIE_AGE, **cookie_flags(request))
    raise response


async def health(request: web.Request):
    return web.json_response({"ok": True})
