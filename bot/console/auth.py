"""Staff accounts and sessions: argon2 password hashes, server-side sessions, CSRF tokens, lockout.

The cookie holds a random 32-byte token; the database keeps only its SHA-256, so a leaked
database does not hand out live sessions.
"""
import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Optional, Tuple

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import and_, case, delete, or_, select, update

from bot import settings
from bot.console.passwords import password_problem
from bot.store.db import session_factory
from bot.store.models import StaffSession, StaffUser

# counsellor: live chats, callbacks, bookings; officer (a woman officer of 1090): complaints;
# supervisor: both, and the staff, audit and panel pages (bot/console/access.py).
ROLES = ("counsellor", "officer", "supervisor")
MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
_hasher = PasswordHasher()
# Verified against when the username is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AuthError(Exception):
    pass


@dataclass
class LoggedIn:
    user: StaffUser
    csrf_token: str


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_ok(expected: str, given: object) -> bool:
    """`given` is whatever the request carried: a header, or a form field that may be a file upload."""
    return isinstance(given, str) and bool(given) and hmac.compare_digest(expected.encode(), given.encode())


class StaffAuth:
    def __init__(self, url: Optional[str] = None, clock=lambda: datetime.now(timezone.utc)):
        self.sessions = session_factory(url)
        self.clock = clock

    def create_user(self, username: str, display_name: str, password: str, role: str) -> StaffUser:
        username = username.strip().lower()
        if role not in ROLES:
            raise AuthError("unknown role")
        plain = username.replace(".", "").replace("_", "").replace("-", "")
        if not username or len(username) > 64 or not plain.isalnum():
            raise AuthError("username: letters, digits, . _ - only")
        problem = password_problem(password, username)
        if problem:
            raise AuthError(f"password: {problem}")
        with self.sessions() as session, session.begin():
            if session.execute(select(StaffUser).where(StaffUser.username == username)).scalar_one_or_none():
                raise AuthError("username taken")
            user = StaffUser(username=username, display_name=(display_name or username)[:128],
                             password_hash=hash_password(password), role=role, active=True, failed_logins=0)
            session.add(user)
            session.flush()
            return user

    def users(self):
        with self.sessions() as session:
            return session.execute(select(StaffUser).order_by(StaffUser.username)).scalars().all()

    def user(self, user_id: int) -> Optional[StaffUser]:
        with self.sessions() as session:
            return session.get(StaffUser, user_id)

    def set_active(self, user_id: int, active: bool) -> None:
        with self.sessions() as session, session.begin():
            user = session.get(StaffUser, user_id)
            if user is None:
                raise AuthError("no such user")
            user.active = active
            if not active:
                session.execute(delete(StaffSession).where(StaffSession.user_id == user_id))

    def set_language(self, user_id: int, language: str) -> None:
        """Her console language, remembered across sessions (bot/console/i18n.py LANGUAGES)."""
        with self.sessions() as session, session.begin():
            session.execute(update(StaffUser).where(StaffUser.id == user_id).values(language=language))

    def login(self, username: str, password: str) -> Tuple[str, LoggedIn]:
        """A new session token for the cookie; AuthError (one message for every cause) otherwise.

        The failure count is raised by one UPDATE in the database (never read, add, write back), so
        parallel wrong guesses all count and the lock holds; a right password resets the count only
        if the account is not locked at that moment."""
        now = self.clock()
        with self.sessions() as session:
            user = session.execute(select(StaffUser).where(
                StaffUser.username == (username or "").strip().lower()[:64])).scalar_one_or_none()
        if user is None:
            _verify(_DUMMY_HASH, password)
            raise AuthError("login failed")
        if (user.locked_until and user.locked_until > now) or not user.active:
            _verify(_DUMMY_HASH, password)
            raise AuthError("login failed")
        if not _verify(user.password_hash, password):
            self._count_failure(user.id, now)
            raise AuthError("login failed")
        with self.sessions() as session, session.begin():
            unlocked = session.execute(update(StaffUser).where(
                StaffUser.id == user.id, StaffUser.active.is_(True),
                or_(StaffUser.locked_until.is_(None), StaffUser.locked_until <= now))
                .values(failed_logins=0, locked_until=None))
            if unlocked.rowcount != 1:  # locked (or deactivated) while her password was being checked
                raise AuthError("login failed")
            token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
            session.add(StaffSession(token_hash=_token_hash(token), user_id=user.id, csrf_token=csrf, created_at=now,
                                     expires_at=_expiry(now, now)))
            session.refresh(user := session.merge(user))
            return token, LoggedIn(user, csrf)

    def _count_failure(self, user_id: int, now: datetime) -> None:
        """One atomic UPDATE: the database adds one to the count and locks at MAX_FAILED_LOGINS."""
        reached = StaffUser.failed_logins + 1 >= MAX_FAILED_LOGINS
        with self.sessions() as session, session.begin():
            session.execute(update(StaffUser).where(StaffUser.id == user_id).values(
                failed_logins=case((reached, 0), else_=StaffUser.failed_logins + 1),
                locked_until=case((and_(reached, or_(StaffUser.locked_until.is_(None),
                                                     StaffUser.locked_until <= now)), now + LOCKOUT),
                                  else_=StaffUser.locked_until)))

    def session_for(self, token: Optional[str], activity: bool = True) -> Optional[LoggedIn]:
        """The session of this cookie, or None when unknown, ended, idle too long or past its maximum.
        activity: the request is her doing something (a page, a form), which restarts the idle
        timer; the pages' own background polling passes False, so an unattended screen times out."""
        if not token or len(token) > 100:
            return None
        now = self.clock()
        with self.sessions() as session, session.begin():
            row = session.execute(select(StaffSession).where(
                StaffSession.token_hash == _token_hash(token))).scalar_one_or_none()
            if row is None or row.expires_at <= now:
                return None
            user = session.get(StaffUser, row.user_id)
            if user is None or not user.active:
                return None
            renewed = _expiry(row.created_at, now)
            if activity and renewed - row.expires_at > timedelta(seconds=30):  # not a write per click
                row.expires_at = renewed
            return LoggedIn(user, row.csrf_token)

    def change_password(self, user_id: int, current: str, new: str, keep_token: Optional[str]) -> None:
        """Her own password: the current one first (a wrong one counts towards the lockout), the new
        one by the policy of passwords.py; every other session of hers ends."""
        now = self.clock()
        with self.sessions() as session:
            user = session.get(StaffUser, user_id)
        if user is None:
            raise AuthError("no such user")
        if not _verify(user.password_hash, current):
            self._count_failure(user.id, now)
            raise AuthError("the current password is wrong")
        if new == current:
            raise AuthError("the new password must differ from the current one")
        problem = password_problem(new, user.username)
        if problem:
            raise AuthError(f"new password: {problem}")
        with self.sessions() as session, session.begin():
            session.execute(update(StaffUser).where(StaffUser.id == user_id).values(password_hash=hash_password(new)))
            session.execute(delete(StaffSession).where(StaffSession.user_id == user_id,
                                                       StaffSession.token_hash != _token_hash(keep_token or "")))

    def logout(self, token: Optional[str]) -> None:
        if not token:
            return  # no session cookie: nothing to end
        with self.sessions() as session, session.begin():
            session.execute(delete(StaffSession).where(StaffSession.token_hash == _token_hash(token)))


def _expiry(created_at: datetime, now: datetime) -> datetime:
    """The idle timeout from now, but never past the session's maximum length."""
    return min(now + timedelta(minutes=settings.CONSOLE_IDLE_MINUTES),
               created_at + timedelta(hours=settings.CONSOLE_SESSION_HOURS))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password or "")
    except (VerificationError, InvalidHashError):
        return False
