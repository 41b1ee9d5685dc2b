"""bot/rasa_patches: Rasa's action-server responses validated by a validator built once
(action_result_schema). The same results pass and fail as with Rasa's own code, Rasa calls our
function, the launcher applies it before Rasa serves, and a Rasa upgrade that changes the code we
replace fails here (and leaves the patch off at run time)."""
import copy
import inspect

import jsonschema
import pytest
from rasa.core.actions.action import RemoteAction
from rasa.utils.endpoints import EndpointConfig

import bot.rasa_server as launcher
from bot import rasa_patches
from bot.rasa_patches import action_result_schema as patch

VALID = [
    {},
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "district", "value": "lucknow"},
                {"event": "active_loop", "name": None}, {"event": "followup", "name": "utter_greet"}],
     "responses": [{"text": "hi", "buttons": [{"title": "a", "payload": "/a"}]}, {"response": "utter_x"}]},
    {"events": [{"event": "bot", "text": "x", "data": {}, "metadata": {}}, {"event": "reset_slots"}]},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot"}]},                        # a slot event without its name
    {"events": [{"event": "slot", "name": 5, "value": 1}]},
    {"events": [None]},
    {"responses": ["text, not an object"]},
    {"responses": {"text": "hi"}},
    "not an object",
]


@pytest.fixture()
def upstream():
    """Rasa's own method (whether or not the patch was applied earlier in this process), put back
    as it was after the test."""
    current = RemoteAction._validate_action_result
    original = patch._upstream if current is patch.validate_action_result else current
    yield original
    RemoteAction._validate_action_result = current


def _action() -> RemoteAction:
    return RemoteAction("action_fill_report", EndpointConfig("http://127.0.0.1:9/webhook"))


def _error(validate, result) -> jsonschema.ValidationError:
    with pytest.raises(jsonschema.ValidationError) as raised:
        validate(_action(), copy.deepcopy(result))
    return raised.value


def test_the_code_we_replace_is_what_the_patch_was_written_against():
    """Fails after a Rasa upgrade that changed RemoteAction's validation: re-read it, then update
    bot/rasa_patches/action_result_schema.py and its hashes."""
    assert patch.upstream_unchanged()
    assert "self._validate_action_result(response)" in inspect.getsource(RemoteAction.run)


def test_after_apply_rasa_calls_our_function(upstream):
    rasa_patches.apply()
    assert RemoteAction._validate_action_result is patch.validate_action_result
    assert patch._upstream is upstream


@pytest.mark.parametrize("result", VALID)
def test_a_valid_result_is_accepted_as_before(upstream, result):
    rasa_patches.apply()
    assert upstream(_action(), copy.deepcopy(result)) is True
    assert patch.validate_action_result(_action(), copy.deepcopy(result)) is True


@pytest.mark.parametrize("result", INVALID)
def test_an_invalid_result_is_rejected_exactly_as_before(upstream, result):
    rasa_patches.apply()
    ours, theirs = _error(patch.validate_action_result, result), _error(upstream, result)
    assert (ours.message, list(ours.path), list(ours.schema_path), ours.validator) == \
        (theirs.message, list(theirs.path), list(theirs.schema_path), theirs.validator)
    assert "Failed to validate Action server response" in ours.message


@pytest.mark.asyncio
async def test_rasa_running_an_action_rejects_an_invalid_response_through_the_patch(upstream, monkeypatch):
    """The whole path: RemoteAction.run with the action server answering an invalid event."""
    rasa_patches.apply()
    calls = []
    monkeypatch.setattr(RemoteAction, "_validate_action_result",
                        lambda self, result: calls.append(1) or patch.validate_action_result(self, result))
    action = _action()

    async def answer(**_):
        return {"events": [{"event": "no_such_event"}], "responses": []}
    monkeypatch.setattr(action.action_endpoint, "request", answer)
    monkeypatch.setattr(action, "_action_call_format", lambda tracker, domain: {})
    with pytest.raises(jsonschema.ValidationError):
        await action.run(None, None, None, None)
    assert calls == [1]


def test_the_schema_is_checked_once_not_per_response(upstream, monkeypatch):
    rasa_patches.apply()
    checked = []
    cls = type(patch.response_validator())
    monkeypatch.setattr(cls, "check_schema", classmethod(lambda c, schema, *a, **k: checked.append(1)))
    for result in VALID * 3:
        patch.validate_action_result(_action(), copy.deepcopy(result))
    assert checked == []


def test_a_changed_upstream_leaves_rasa_as_it_is(upstream, monkeypatch):
    RemoteAction._validate_action_result = upstream
    monkeypatch.setitem(patch.UPSTREAM_SOURCE_SHA256, "_validate_action_result", "0" * 64)
    assert patch.apply() is False
    assert RemoteAction._validate_action_result is upstream


def test_the_launcher_applies_the_patches_before_rasa_serves(upstream, monkeypatch):
    import rasa.__main__ as rasa_main
    RemoteAction._validate_action_result = upstream
    seen = {}
    monkeypatch.setenv("RASA_API_TOKEN", "k" * 48)
    monkeypatch.setattr(rasa_main, "main", lambda: seen.setdefault("ours", RemoteAction._validate_action_result))
    monkeypatch.setattr(rasa_main, "create_argument_parser", rasa_main.create_argument_parser)
    launcher.main(["--port", "5999"])
    assert seen["ours"] is patch.validate_action_result
