"""Our changes to Rasa's own code, applied in every process that runs Rasa (bot/rasa_server.py calls
`apply()` before Rasa starts). Each patch is its own module and checks that the upstream code it
replaces is still what it was written against: after a Rasa upgrade that changed it, the patch is
left off (Rasa's own code runs, correct and slower), a warning is logged, and
tests/unit/test_rasa_patches.py fails until someone looks.

- action_result_schema: the action server's response is validated by a JSON-schema validator built
  once, not rebuilt (with Rasa's event schema re-checked against the meta-schema) on every call.
- retried_messages: a message her client sends again (same client message id, e.g. after the
  replica that took it died) is answered from the saved turn, not run twice.
"""
from bot.rasa_patches import action_result_schema, retried_messages

PATCHES = (action_result_schema, retried_messages)


def apply() -> None:
    for patch in PATCHES:
        patch.apply()
