"""The reminders before a counselling session: the action that words them in her language. The job
worker (`python -m bot.jobs`) sends them; nothing starts here."""
from datetime import datetime
from typing import Text

from rasa_sdk import Action

from actions.tracker_helpers import reply_language
from bot.counselling.availability import Slot
from bot.counselling.wording import describe_slot
from bot.india_time import today_in_india


class ActionCounsellingReminder(Action):
    """Sent by the reminder scheduler through Rasa's trigger_intent, in her language."""

    def name(self) -> Text:
        return "action_counselling_reminder"

    async def run(self, dispatcher, tracker, domain):
        entities = {e.get("entity"): e.get("value") for e in (tracker.latest_message or {}).get("entities") or []}
        try:
            starts_at = datetime.fromisoformat(str(entities.get("reminder_starts_at")))
        except ValueError:
            return []
        slot = Slot(0, starts_at, 0)
        kind = "hour_before" if entities.get("reminder_kind") == "hour_before" else "day_before"
        dispatcher.utter_message(response=f"utter_counselling_reminder_{kind}",
                                 when=describe_slot(slot, reply_language(tracker), today_in_india()))
        return []

