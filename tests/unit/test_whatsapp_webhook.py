"""Reading WhatsApp webhooks: signature over raw bytes, the GET handshake, every message shape."""
import json

import pytest
from hypothesis import given, settings, strategies as st

from bot.channels.whatsapp_webhook import (CHOICE, IGNORED, MEDIA, NOT_READABLE, TEXT, handshake_challenge,
                                           parse_notification, sign, signature_is_valid)
from tests.conftest import SHARED_WEBHOOKS, require_shared_payloads, shared_payloads
from tests.fakes import whatsapp_payloads as wa

SHARED = SHARED_WEBHOOKS / "whatsapp"
SHARED_FILES = shared_payloads("whatsapp")
NUMBER = "919811111111"


def test_signature_is_checked_over_the_raw_bytes():
    body = wa.raw(wa.text(NUMBER, "मुझे मदद चाहिए"))
    header = sign("secret", body)
    assert signature_is_valid("secret", body, header)
    assert not signature_is_valid("other", body, header)
    assert not signature_is_valid("secret", body + b" ", header)
    assert not signature_is_valid("secret", body, None)
    assert not signature_is_valid("secret", body, header.replace("sha256=", "sha1="))
    assert not signature_is_valid("", body, header)
    assert not signature_is_valid("", body, sign("", body))  # no secret configured: nothing is genuine
    # The same object re-serialised as UTF-8 is different bytes: its signature does not match.
    reserialised = json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":")).encode()
    assert reserialised != body and not signature_is_valid("secret", reserialised, header)


def test_signature_test_vector_from_the_notes():
    require_shared_payloads("whatsapp")
    body = json.dumps(json.loads((SHARED / "text_devanagari.json").read_text()), separators=(",", ":"),
                      ensure_ascii=True).encode()
    assert len(body) == 542
    expected = "sha256=07dc89cd45c082b37b8a2b305957fb7ce5ae46e6f61a5379cff3e6caf3387c4c"
    assert signature_is_valid("test_app_secret", body, expected)


def test_handshake_echoes_the_challenge_only_with_the_right_token():
    good = {"hub.mode": ["subscribe"], "hub.verify_token": ["tok"], "hub.challenge": ["1158201444"]}
    assert handshake_challenge(good, "tok") == "1158201444"
    assert handshake_challenge({**good, "hub.verify_token": ["bad"]}, "tok") is None
    assert handshake_challenge({**good, "hub.mode": ["unsubscribe"]}, "tok") is None
    assert handshake_challenge({"hub.mode": "subscribe", "hub.challenge": "x"}, "tok") is None
    assert handshake_challenge(good, "") is None  # no token configured: never echo


def test_text_choice_and_media_kinds():
    assert parse_notification(wa.text(NUMBER, "hello")).messages[0].kind == TEXT
    choice = parse_notification(wa.button_reply(NUMBER, "/affirm", "Yes")).messages[0]
    assert (choice.kind, choice.text, choice.title) == (CHOICE, "/affirm", "Yes")
    row = parse_notification(wa.list_reply(NUMBER, "/choose{\"a\":\"b\"}", "B")).messages[0]
    assert (row.kind, row.text) == (CHOICE, "/choose{\"a\":\"b\"}")
    image = parse_notification(wa.media(NUMBER, "image", "42", caption="screenshot")).messages[0]
    assert (image.kind, image.media_type, image.media_id, image.caption) == (MEDIA, "image", "42", "screenshot")
    assert parse_notification(wa.media(NUMBER, "audio")).messages[0].media_type == "audio"
    location = wa.envelope([wa.message(NUMBER, "location", {"location": {"latitude": 26.8, "longitude": 80.9}})])
    assert parse_notification(location).messages[0].kind == NOT_READABLE
    reaction = wa.envelope([wa.message(NUMBER, "reaction", {"reaction": {"message_id": "x", "emoji": ""}})])
    assert parse_notification(reaction).messages[0].kind == IGNORED
    future = wa.envelope([wa.message(NUMBER, "hologram", {"hologram": {}})])
    assert parse_notification(future).messages[0].kind == NOT_READABLE


def test_every_level_is_a_list_nothing_only_the_first():
    body = wa.text(NUMBER, "one")
    second = wa.text("919822222222", "two")["entry"][0]
    body["entry"][0]["changes"].append(second["changes"][0])
    body["entry"].append(wa.status(NUMBER, "failed", code=131047, title="Re-engagement message")["entry"][0])
    body["entry"][0]["changes"][0]["value"]["messages"].append(wa.message(NUMBER, "text", {"text": {"body": "three"}}))
    found = parse_notification(body)
    assert [m.text for m in found.messages] == ["one", "three", "two"]
    assert [(s.status, s.errors) for s in found.statuses] == [("failed", ((131047, "Re-engagement message"),))]


def test_username_users_are_addressed_by_their_business_scoped_id():
    body = wa.text("", "hi")
    body["entry"][0]["changes"][0]["value"]["messages"][0]["from_user_id"] = "IN.10000000000000000009"
    assert parse_notification(body).messages[0].address == "IN.10000000000000000009"
    assert parse_notification(wa.text("", "no sender at all")).messages == []


def test_other_fields_and_value_errors():
    body = wa.text(NUMBER, "x")
    body["entry"][0]["changes"][0]["field"] = "message_template_status_update"
    assert parse_notification(body).messages == []
    errors = wa.envelope(errors=[{"code": 130429, "title": "Rate limit hit"}])
    assert parse_notification(errors).errors == [(130429, "Rate limit hit")]


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                    lambda children: st.lists(children, max_size=4) | st.dictionaries(
                        st.sampled_from(["entry", "changes", "value", "messages", "statuses", "errors", "type",
                                         "text", "body", "from", "id", "interactive", "button_reply", "field",
                                         "image", "status", "code", "recipient_id"]), children, max_size=5),
                    max_leaves=30))
def test_malformed_bodies_never_raise(body):
    parse_notification(body)
    parse_notification({"entry": [{"changes": [{"value": body}]}]})
    parse_notification({"entry": [{"changes": [{"value": {"messages": [body], "statuses": [body]}}]}]})


@pytest.mark.parametrize("path", SHARED_FILES or [None], ids=lambda p: p.name if p else "missing")
def test_every_shared_payload_parses(path):
    if path is None:
        require_shared_payloads("whatsapp")
    body = json.loads(path.read_text())
    found = parse_notification(body)
    assert found.messages or found.statuses or found.errors, path.name
    for message in found.messages:
        assert message.message_id.startswith("wamid.") and message.address
