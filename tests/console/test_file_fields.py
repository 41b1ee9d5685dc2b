"""Form fields that come as file uploads (multipart) where the console expects text: refused with a
4xx answer, never a crash (500)."""
import io

import aiohttp
import pytest

from bot.handoff.service import HandoffService
from tests.console.conftest import PASSWORD, login


def _form_with_a_file(file_field: str, **fields):
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, str(value))
    form.add_field(file_field, io.BytesIO(b"7"), filename="field.txt", content_type="text/plain")
    return form


@pytest.mark.asyncio
async def test_a_file_in_the_login_forms_csrf_field_is_refused(console):
    await console.get("/login")
    response = await console.post("/login", data=_form_with_a_file("csrf", username="asha", password=PASSWORD))
    assert response.status == 403


@pytest.mark.asyncio
async def test_a_file_in_a_logged_in_forms_csrf_field_is_refused(console):
    await login(console, "asha")
    response = await console.post("/logout", data=_form_with_a_file("csrf"), allow_redirects=False)
    assert response.status == 403


@pytest.mark.asyncio
async def test_a_file_as_the_transfer_target_leaves_the_case_where_it_was(console, db_url, staff):
    queued = HandoffService(db_url).request("web-abc", "socketio", "hi-Latn", "asked", None, since_timestamp=0.0)
    HandoffService(db_url).claim(queued.handoff_id, staff["asha"])
    _, csrf = await login(console, "asha")
    response = await console.post(f"/cases/{queued.handoff_id}/transfer", data=_form_with_a_file("to", csrf=csrf),
                                  allow_redirects=False)
    assert response.status == 409
    assert HandoffService(db_url).get(queued.handoff_id).claimed_by == staff["asha"].id
