"""Console logins (issue 19): a per-address throttle, and who/where on every failed login line."""
import logging

import pytest

from bot.console.audit import AuditLog
from bot.console.throttle import LoginThrottle
from tests.console.conftest import PASSWORD, login


@pytest.mark.asyncio
async def test_one_address_failing_too_often_must_wait_even_with_a_right_password(console, db_url):
    for n in range(20):  # user names that do not exist: no account lockout plays a part
        response, _ = await login(console, f"nobody{n}", "wrong password!")
        assert response.status == 401
    response, _ = await login(console, "sup", PASSWORD)
    assert response.status == 429 and "wait 15 minutes" in await response.text()


@pytest.mark.asyncio
async def test_a_successful_login_does_not_use_up_the_address_quota(console):
    for _ in range(25):
        response, _ = await login(console, "sup", PASSWORD)
        assert response.status == 302


def test_the_throttle_forgets_after_its_window():
    now = [0.0]
    throttle = LoginThrottle(2, window=60, clock=lambda: now[0])
    assert throttle.begin("10.0.0.1") and throttle.begin("10.0.0.1")
    assert not throttle.begin("10.0.0.1") and throttle.begin("10.0.0.2")
    now[0] = 61
    assert throttle.begin("10.0.0.1")


@pytest.mark.asyncio
async def test_failed_logins_name_the_user_and_address_never_the_password(console, db_url, caplog):
    with caplog.at_level(logging.WARNING):
        await login(console, "asha", "my secret guess 123")
    lines = [r.getMessage() for r in caplog.records if "login failed" in r.getMessage()]
    assert len(lines) == 1 and "'asha'" in lines[0] and "127.0.0.1" in lines[0]
    assert "my secret guess" not in caplog.text
    failed = [e for e, _ in AuditLog(db_url).recent() if e.action == "login_failed"]
    assert failed and "asha" in failed[0].detail and "127.0.0.1" in failed[0].detail
    assert "my secret guess" not in failed[0].detail
