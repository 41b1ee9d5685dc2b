"""Her right to be forgotten: erase her data everywhere (bot/privacy/erase.py) and tell her
exactly what stays."""
from functools import lru_cache
from typing import Text

from rasa_sdk import Action
from rasa_sdk.events import Restarted

from actions.tracker_helpers import reply_language
from bot.privacy.erase import EraseService
from bot.privacy.wording import erase_reply

# The tracker store erases everything before this action's event (bot/store/tracker_store.py).
ERASE_ACTION = "action_delete_my_data"


@lru_cache(maxsize=1)
def erase_service() -> EraseService:
    return EraseService()


class ActionDeleteMyData(Action):
    def name(self) -> Text:
        return ERASE_ACTION

    async def run(self, dispatcher, tracker, domain):
        erasure = erase_service().erase(tracker.sender_id)
        dispatcher.utter_message(text=erase_reply(erasure, reply_language(tracker),
                                                  tracker.get_latest_input_channel() or ""))
        return [Restarted()]
