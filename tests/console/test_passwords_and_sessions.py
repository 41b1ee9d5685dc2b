"""Staff passwords and sessions (issue 19, OWASP ASVS level 2): 12+ characters, common ones refused,
change-password, a 30-minute idle timeout, HSTS and Secure cookies except on localhost, logout audited."""
from datetime import datetime, timedelta, timezone

import pytest

from bot.console.audit import AuditLog
from bot.console.auth import AuthError, StaffAuth
from bot.console.passwords import common_passwords, password_problem
from tests.console.conftest import PASSWORD, login


@pytest.mark.parametrize("weak", ["aaaaaaaaaa", "aaaaaaaaaaaa", "abababababab", "password1234", "P@ssw0rd2025!",
                                  "qwertyuiop12", "iloveyou1234", "Lucknow@2024!", "jaishreeram123",
                                  "hamarisuraksha", "asha is my name", "123456789012"])
def test_weak_passwords_are_refused(weak):
    assert password_problem(weak, "asha")


@pytest.mark.parametrize("fine", [PASSWORD, "meri chai thandi ho gayi", "Nilgiri-pahad-7-barish"])
def test_long_uncommon_passwords_are_accepted(fine):
    assert password_problem(fine, "asha") is None


def test_the_bundled_list_is_a_few_thousand_lower_case_passwords():
    words = common_passwords()
    assert len(words) > 3000 and "password" in words and "qwerty" in words
    assert all(word == word.lower() for word in words)


def test_a_ten_character_password_no_longer_makes_an_account(db_url):
    with pytest.raises(AuthError):
        StaffAuth(db_url).create_user("kiran", "Kiran", "aaaaaaaaaa", "counsellor")
    with pytest.raises(AuthError):
        StaffAuth(db_url).create_user("kiran", "Kiran", "ten chars!", "counsellor")


def test_an_idle_session_ends_after_30_minutes_and_polling_does_not_hold_it(db_url, staff):
    now = [datetime.now(timezone.utc)]
    auth = StaffAuth(db_url, clock=lambda: now[0])
    token, _ = auth.login("asha", PASSWORD)
    now[0] += timedelta(minutes=25)
    assert auth.session_for(token) is not None           # she opened a page: the idle timer restarts
    now[0] += timedelta(minutes=25)
    assert auth.session_for(token, activity=False) is not None   # background poll, 25 min after the page
    now[0] += timedelta(minutes=6)
    assert auth.session_for(token, activity=False) is None       # 31 minutes without her doing anything


def test_no_session_outlives_its_maximum_even_when_active(db_url, staff):
    now = [datetime.now(timezone.utc)]
    auth = StaffAuth(db_url, clock=lambda: now[0])
    token, _ = auth.login("asha", PASSWORD)
    for _ in range(10 * 3 + 1):  # active every 20 minutes for over 10 hours
        now[0] += timedelta(minutes=20)
        alive = auth.session_for(token)
    assert alive is None


@pytest.mark.asyncio
async def test_change_password_checks_the_current_one_and_ends_other_sessions(console, db_url, staff, fake_rasa):
    other = StaffAuth(db_url).login("asha", PASSWORD)[0]
    _, csrf = await login(console, "asha")
    assert (await console.get("/password")).status == 200
    wrong = await console.post("/password", data={"csrf": csrf, "current": "not it at all",
                                                  "new": "meri chai thandi ho gayi", "again": "meri chai thandi ho gayi"})
    assert wrong.status == 400
    common = await console.post("/password", data={"csrf": csrf, "current": PASSWORD,
                                                   "new": "password1234", "again": "password1234"})
    assert common.status == 400 and "too common" in await common.text()
    done = await console.post("/password", data={"csrf": csrf, "current": PASSWORD,
                                                 "new": "meri chai thandi ho gayi", "again": "meri chai thandi ho gayi"})
    assert done.status == 200 and "is changed" in await done.text()
    assert StaffAuth(db_url).session_for(other) is None         # her other session has ended
    assert (await console.get("/dashboard")).status == 200       # this one goes on
    StaffAuth(db_url).login("asha", "meri chai thandi ho gayi")
    actions = [e.action for e, _ in AuditLog(db_url).recent()]
    assert "password_change" in actions and actions.count("password_change_failed") == 2
    assert all("meri chai" not in (e.detail or "") for e, _ in AuditLog(db_url).recent())


@pytest.mark.asyncio
async def test_hsts_and_secure_cookies_except_on_localhost(console):
    public = await console.get("/login", headers={"Host": "console.wcso.example"})
    assert public.headers["Strict-Transport-Security"].startswith("max-age=")
    assert "Secure" in public.headers["Set-Cookie"]
    local = await console.get("/login", headers={"Host": "localhost:8000"})
    assert "Strict-Transport-Security" not in local.headers and "Secure" not in local.headers["Set-Cookie"]


@pytest.mark.asyncio
async def test_logout_is_audited(console, db_url, staff):
    _, csrf = await login(console, "asha")
    response = await console.post("/logout", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 302
    assert [(e.action, e.staff_user_id) for e, _ in AuditLog(db_url).recent()][0] == ("logout", staff["asha"].id)
