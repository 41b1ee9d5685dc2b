"""Console: login, lockout, CSRF, cookies, queue, permissions (403), claim/reply/close relay, audit."""
import pytest

from bot.jobs.wording import COUNSELLOR_JOINED

from bot.console.audit import AuditLog
from bot.handoff.service import HandoffService
from tests.console.conftest import PASSWORD, login




def _queue(db_url, conversation="web-abc", summary=None, trigger="asked"):
    return HandoffService(db_url).request(conversation, "socketio", "hi-Latn", trigger, summary, since_timestamp=0.0)


@pytest.mark.asyncio
async def test_login_sets_a_strict_httponly_session_cookie(console):
    response, csrf = await login(console, "asha")
    assert response.status == 302 and csrf
    cookie = response.headers["Set-Cookie"]
    assert "hs_console=" in cookie and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    assert len(cookie.split("hs_console=", 1)[1].split(";", 1)[0]) >= 43  # 32 random bytes, url-safe


@pytest.mark.asyncio
async def test_pages_need_a_login(console):
    response = await console.get("/queue", allow_redirects=False)
    assert response.status == 302 and response.headers["Location"] == "/login"
    assert (await console.get("/api/queue")).status == 401


@pytest.mark.asyncio
async def test_wrong_password_five_times_locks_the_account_even_for_the_right_one(console, db_url):
    for _ in range(5):
        response, _ = await login(console, "asha", "wrong password!")
        assert response.status == 401
    response, _ = await login(console, "asha", PASSWORD)
    assert response.status == 401
    assert "locked" in await response.text()
    actions = [entry.action for entry, _ in AuditLog(db_url).recent()]
    assert actions.count("login_failed") == 6


@pytest.mark.asyncio
async def test_unknown_user_gets_the_same_answer(console):
    response, _ = await login(console, "nobody")
    assert response.status == 401


@pytest.mark.asyncio
async def test_login_form_needs_its_csrf_token(console):
    await console.get("/login")
    response = await console.post("/login", data={"username": "asha", "password": PASSWORD, "csrf": "forged"})
    assert response.status == 403


@pytest.mark.asyncio
async def test_posts_without_the_session_csrf_token_are_refused(console, db_url):
    queued = _queue(db_url)
    await login(console, "asha")
    response = await console.post(f"/cases/{queued.handoff_id}/claim", data={}, allow_redirects=False)
    assert response.status == 403
    assert HandoffService(db_url).get(queued.handoff_id).status == "waiting"


@pytest.mark.asyncio
async def test_claim_reply_and_close_relay_through_rasa(console, db_url, fake_rasa):
    queued = _queue(db_url, "web-123")
    fake_rasa.user_says("web-123", "mujhe madad chahiye")
    _, csrf = await login(console, "asha")
    queue = await (await console.get("/api/queue")).json()
    assert [c["id"] for c in queue["cases"]] == [queued.handoff_id]

    response = await console.post(f"/cases/{queued.handoff_id}/claim", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 302
    messages = await (await console.get(f"/api/cases/{queued.handoff_id}/messages")).json()
    assert [(m["from"], m["text"]) for m in messages["messages"]] == [
        ("her", "mujhe madad chahiye"), ("bot", COUNSELLOR_JOINED.pick(HandoffService(db_url).get(queued.handoff_id).language))]

    response = await console.post(f"/cases/{queued.handoff_id}/reply", json={"text": "Main Asha hoon, batayiye"},
                                  headers={"X-CSRF-Token": csrf})
    assert response.status == 200
    method, path, query, body = fake_rasa.calls[-1]
    assert path == "/conversations/web-123/tracker/events"
    assert query["output_channel"] == "latest" and query["execute_side_effects"] == "true"
    assert "token" not in query  # the key travels in a signed header, never in the URL
    assert body == [{"event": "bot", "text": "Main Asha hoon, batayiye", "metadata": {"counsellor": True}}]
    messages = await (await console.get(f"/api/cases/{queued.handoff_id}/messages")).json()
    assert messages["messages"][-1]["from"] == "counsellor"

    response = await console.post(f"/cases/{queued.handoff_id}/close", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 302
    resumed = [b for m, p, q, b in fake_rasa.calls if m == "POST" and b == [{"event": "resume"}]]
    assert resumed and fake_rasa.executed("web-123") == ["utter_handoff_closed"]
    assert HandoffService(db_url).get(queued.handoff_id).status == "closed"


@pytest.mark.asyncio
async def test_a_counsellor_cannot_open_another_counsellors_case(console, db_url, staff, fake_rasa):
    queued = _queue(db_url)
    HandoffService(db_url).claim(queued.handoff_id, staff["bina"])
    _, csrf = await login(console, "asha")
    assert (await console.get(f"/cases/{queued.handoff_id}")).status == 403
    assert (await console.get(f"/api/cases/{queued.handoff_id}/messages")).status == 403
    reply = await console.post(f"/cases/{queued.handoff_id}/reply", json={"text": "hi"}, headers={"X-CSRF-Token": csrf})
    assert reply.status == 403
    close = await console.post(f"/cases/{queued.handoff_id}/close", data={"csrf": csrf}, allow_redirects=False)
    assert close.status == 403
    assert not [c for c in fake_rasa.calls if c[0] != "GET"]  # nothing reached her
    queue = await (await console.get("/api/queue")).json()
    assert queue["cases"] == []  # not even listed
    denied = [entry for entry, username in AuditLog(db_url).recent() if entry.action == "denied"]
    assert len(denied) == 4


@pytest.mark.asyncio
async def test_a_supervisor_sees_every_case_and_the_audit_log(console, db_url, staff):
    queued = _queue(db_url, summary={"category": "online", "district": "Lucknow", "language": "hi-Latn",
                                     "trigger": "asked", "shared": "insta par fake profile"})
    HandoffService(db_url).claim(queued.handoff_id, staff["bina"])
    await login(console, "sup")
    page = await console.get(f"/cases/{queued.handoff_id}")
    assert page.status == 200
    text = await page.text()
    assert "Lucknow" in text and "insta par fake profile" in text
    audit = await console.get("/audit")
    assert audit.status == 200 and "view_case" in await audit.text()


@pytest.mark.asyncio
async def test_counsellors_cannot_read_the_audit_log_or_manage_staff(console):
    await login(console, "asha")
    assert (await console.get("/audit")).status == 403
    assert (await console.get("/staff")).status == 403


@pytest.mark.asyncio
async def test_summary_is_not_shown_when_she_said_no(console, db_url):
    queued = _queue(db_url, summary=None)
    await login(console, "asha")
    text = await (await console.get(f"/cases/{queued.handoff_id}")).text()
    assert "chose not to share" in text


@pytest.mark.asyncio
async def test_claiming_twice_conflicts(console, db_url, staff):
    queued = _queue(db_url)
    HandoffService(db_url).claim(queued.handoff_id, staff["bina"])
    _, csrf = await login(console, "sup")
    response = await console.post(f"/cases/{queued.handoff_id}/claim", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 409


@pytest.mark.asyncio
async def test_transfer_hands_the_case_to_a_colleague(console, db_url, staff):
    queued = _queue(db_url)
    HandoffService(db_url).claim(queued.handoff_id, staff["asha"])
    _, csrf = await login(console, "asha")
    response = await console.post(f"/cases/{queued.handoff_id}/transfer", data={"csrf": csrf, "to": staff["bina"].id},
                                  allow_redirects=False)
    assert response.status == 302
    assert HandoffService(db_url).get(queued.handoff_id).claimed_by == staff["bina"].id
    assert (await console.get(f"/cases/{queued.handoff_id}")).status == 403  # now hers


@pytest.mark.asyncio
async def test_close_keeps_the_case_open_when_rasa_is_down(console, db_url, staff, fake_rasa):
    queued = _queue(db_url)
    HandoffService(db_url).claim(queued.handoff_id, staff["asha"])
    _, csrf = await login(console, "asha")
    fake_rasa.fail = True
    response = await console.post(f"/cases/{queued.handoff_id}/close", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 502
    assert HandoffService(db_url).get(queued.handoff_id).status == "active"


@pytest.mark.parametrize("text", ["", "x" * 4001])
@pytest.mark.asyncio
async def test_bad_replies_are_refused_politely(console, db_url, staff, text):
    queued = _queue(db_url)
    HandoffService(db_url).claim(queued.handoff_id, staff["asha"])
    _, csrf = await login(console, "asha")
    response = await console.post(f"/cases/{queued.handoff_id}/reply", json={"text": text},
                                  headers={"X-CSRF-Token": csrf})
    assert response.status in (400, 413)


@pytest.mark.asyncio
async def test_odd_case_ids_are_not_found(console):
    await login(console, "asha")
    for odd in ("abc", "99999", "1%20OR%201=1"):
        assert (await console.get(f"/cases/{odd}")).status == 404


@pytest.mark.asyncio
async def test_security_headers(console):
    response = await console.get("/login")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.asyncio
async def test_supervisor_creates_a_counsellor_who_can_log_in(console):
    _, csrf = await login(console, "sup")
    response = await console.post("/staff", data={"csrf": csrf, "username": "chitra", "display_name": "Chitra",
                                                  "password": "a long password", "role": "counsellor"},
                                  allow_redirects=False)
    assert response.status == 302
    await console.post("/logout", data={"csrf": csrf}, allow_redirects=False)
    response, _ = await login(console, "chitra", "a long password")
    assert response.status == 302


@pytest.mark.asyncio
async def test_a_reply_with_a_wrong_csrf_header_is_refused(console, db_url, staff, fake_rasa):
    queued = _queue(db_url)
    HandoffService(db_url).claim(queued.handoff_id, staff["asha"])
    await login(console, "asha")
    response = await console.post(f"/cases/{queued.handoff_id}/reply", json={"text": "hi"},
                                  headers={"X-CSRF-Token": "forged"})
    assert response.status == 403
    assert not [c for c in fake_rasa.calls if c[0] != "GET"]


def test_sessions_expire_and_logout_ends_them(db_url, staff):
    from datetime import datetime, timedelta, timezone
    from bot.console.auth import StaffAuth
    now = [datetime(2026, 11, 30, 9, tzinfo=timezone.utc)]
    auth = StaffAuth(db_url, clock=lambda: now[0])
    token, _ = auth.login("asha", PASSWORD)
    assert auth.session_for(token).user.username == "asha"
    now[0] += timedelta(hours=11)
    assert auth.session_for(token) is None
    token, _ = auth.login("asha", PASSWORD)
    auth.logout(token)
    assert auth.session_for(token) is None
    assert auth.session_for("x" * 5000) is None and auth.session_for(None) is None


def test_deactivated_staff_lose_their_sessions(db_url, staff):
    from bot.console.auth import StaffAuth
    auth = StaffAuth(db_url)
    token, _ = auth.login("bina", PASSWORD)
    auth.set_active(staff["bina"].id, False)
    assert auth.session_for(token) is None



@pytest.mark.asyncio
@pytest.mark.parametrize("language", ["hi", "hi-Latn", "en"])
async def test_she_is_told_in_her_language_that_a_person_has_joined(console, db_url, fake_rasa, language):
    queued = HandoffService(db_url).request("tg-her", "telegram", language, "asked", None)
    _, csrf = await login(console, "asha")
    await console.post(f"/cases/{queued.handoff_id}/claim", data={"csrf": csrf}, allow_redirects=False)
    [joined] = [b for m, p, q, b in fake_rasa.calls if m == "POST" and p.endswith("/tracker/events")
                and b[-1].get("event") == "bot"]
    assert joined[-1]["text"] == COUNSELLOR_JOINED.pick(language)
    assert joined[-1]["metadata"]["hs_scheduled"] == "counsellor_joined"


@pytest.mark.asyncio
async def test_when_rasa_is_away_the_joined_line_waits_in_the_scheduler(console, db_url, fake_rasa):
    from bot.jobs.scheduled import ScheduledMessages
    queued = HandoffService(db_url).request("tg-her", "telegram", "en", "asked", None)
    _, csrf = await login(console, "asha")
    fake_rasa.fail = True
    response = await console.post(f"/cases/{queued.handoff_id}/claim", data={"csrf": csrf}, allow_redirects=False)
    assert response.status == 302
    [message] = ScheduledMessages(db_url).claim_due("w1")
    assert (message.kind, message.conversation_id, message.payload["text"]) == (
        "counsellor_joined", "tg-her", COUNSELLOR_JOINED.en)
