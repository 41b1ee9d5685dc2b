"""Rasa checks every response of the action server against its event schema with
`jsonschema.validate(result, schema)` (RemoteAction._validate_action_result, Rasa 3.6). That call
re-checks the whole schema against the JSON-schema meta-schema and builds a new validator each time:
profiled under 20 concurrent conversations it was 42% of the Rasa server's CPU
(docs/benchmarks.md, "Where the Rasa server's time goes").

Here the same validator class `validate` would pick checks the same schema once, at start-up,
and the validator is kept. The result is judged exactly as before: the same errors are
raised (jsonschema's best match, with Rasa's note appended), the same results pass.
"""
import logging
from typing import Any, Callable, Dict, Optional

from jsonschema.exceptions import best_match
from jsonschema.validators import validator_for

from bot.rasa_patches.upstream import source_sha256

logger = logging.getLogger(__name__)

# sha256 of the source of the upstream method replaced here (Rasa 3.6.21), and of the function
# that returns the schema it validates against. Another hash: Rasa changed them; re-read both,
# then update the patch and these.
UPSTREAM_SOURCE_SHA256 = {
    "_validate_action_result": "f8cdb4be6812396167ced74161b2ccd65c5ea676ad86d7d359d8c322d9d8dc42",
    "action_response_format_spec": "091b74aa3738d1262cf3c028386aaf9dd4f0d5c1374b62392411d70a79104a46",
}

_validator: Optional[Any] = None
_upstream: Optional[Callable] = None


def upstream_unchanged() -> bool:
    from rasa.core.actions.action import RemoteAction
    method = _upstream or RemoteAction._validate_action_result
    return (source_sha256(method) == UPSTREAM_SOURCE_SHA256["_validate_action_result"]
            and source_sha256(RemoteAction.action_response_format_spec)
            == UPSTREAM_SOURCE_SHA256["action_response_format_spec"])


def response_validator():
    """The validator `jsonschema.validate` would build for Rasa's response schema, built once."""
    global _validator
    if _validator is None:
        from rasa.core.actions.action import RemoteAction
        schema = RemoteAction.action_response_format_spec()
        cls = validator_for(schema)
        cls.check_schema(schema)  # once, as validate() does on every call
        _validator = cls(schema)
    return _validator


def validate_action_result(self, result: Dict[str, Any]) -> bool:
    """RemoteAction._validate_action_result with a validator built once (same errors, same note)."""
    from rasa.core.actions.action import RemoteAction
    if type(self).action_response_format_spec is not RemoteAction.action_response_format_spec:
        assert _upstream is not None
        return _upstream(self, result)  # a subclass with its own schema: Rasa's own way
    error = best_match(response_validator().iter_errors(result))
    if error is not None:
        from rasa.shared.constants import DOCS_BASE_URL
        error.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise error
    return True


def apply() -> bool:
    """Puts validate_action_result in RemoteAction's place; True when it is (or already was) there."""
    global _upstream
    from rasa.core.actions.action import RemoteAction
    if RemoteAction._validate_action_result is validate_action_result:
        return True
    if not upstream_unchanged():
        logger.warning("Rasa's RemoteAction._validate_action_result is not the code bot/rasa_patches/"
                       "action_result_schema.py replaces: left as it is (slower; see that module)")
        return False
    response_validator()  # at start-up, not at her first turn
    _upstream = RemoteAction._validate_action_result
    RemoteAction._validate_action_result = validate_action_result  # type: ignore[method-assign]
    logger.info("Rasa patched: action server responses validated by a validator built once")
    return True

