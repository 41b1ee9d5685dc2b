"""Custom actions for the Rasa action server, one module per flow. Thin: validate, call `bot`, utter."""
from bot.store.keyring import check_keys

# Before any action is registered: in production the action server refuses to start without its
# keys (and the Rasa API token its reminders need) rather than run on keys it made up.
check_keys("The action server", also=("RASA_API_TOKEN",))
