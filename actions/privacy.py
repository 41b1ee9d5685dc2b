"""Her right to be forgotten: erase this conversation and unlink her from her reports."""
from typing import Text

from rasa_sdk import Action
from rasa_sdk.events import Restarted

from actions.services import complaint_service, counselling_service, scheduled_messages

# The tracker store erases everything before this action's event (bot/store/tracker_store.py).
ERASE_ACTION = "action_delete_my_data"


class ActionDeleteMyData(Action):
    def name(self) -> Text:
        return ERASE_ACTION

    async def run(self, dispatcher, tracker, domain):
        count = complaint_service().forget_reporter(tracker.sender_id)
        counselling_service().forget_sender(tracker.sender_id)   # no more reminders to this conversation
        scheduled_messages().forget_recipient(tracker.sender_id)  # nothing scheduled for her is sent
        dispatcher.utter_message(response="utter_data_deleted", count=count)
        return [Restarted()]
