"""The CSRF check refuses, rather than crashes on, a `csrf` form field that is not text."""
import io

import aiohttp
import pytest

from tests.console.conftest import PASSWORD, login


def _form_with_a_file_named_csrf(**fields):
    form = aiohttp.FormData()
    for name, value in fields.items():
        form.add_field(name, value)
    form.add_field("csrf", io.BytesIO(b"not a token"), filename="csrf.txt", content_type="text/plain")
    return form


@pytest.mark.asyncio
async def test_a_file_in_the_login_forms_csrf_field_is_refused(console):
    await console.get("/login")
    response = await console.post("/login", data=_form_with_a_file_named_csrf(username="asha", password=PASSWORD))
    assert response.status == 403


@pytest.mark.asyncio
async def test_a_file_in_a_logged_in_forms_csrf_field_is_refused(console):
    await login(console, "asha")
    response = await console.post("/logout", data=_form_with_a_file_named_csrf(), allow_redirects=False)
    assert response.status == 403
