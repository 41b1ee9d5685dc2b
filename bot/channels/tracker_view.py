"""Her conversation as a channel may read it: language, open form, one slot (read-only).

Channels answer a few things themselves (evidence files, the exit command, the account she asks to
see on WhatsApp) and need the conversation's state for that, read from Rasa's tracker store through
the agent the Rasa server gives the webhook.
"""
import logging
from typing import Any, Optional

from bot.lang.translated import DEFAULT_LANGUAGE

logger = logging.getLogger(__name__)
REPORT_FORM = "report_form"


class TrackerView:
    def __init__(self, agent) -> None:
        self.agent = agent

    async def _tracker(self, sender_id: str):
        store = getattr(self.agent, "tracker_store", None)
        if store is None:
            return None
        try:
            return await store.retrieve(sender_id)
        except Exception as error:  # the channel must answer even if the tracker store hiccups
            logger.warning("channel: tracker not readable (%s)", type(error).__name__)
            return None

    async def language(self, sender_id: str) -> str:
        tracker = await self._tracker(sender_id)
        return (tracker.get_slot("language") if tracker else None) or DEFAULT_LANGUAGE

    async def in_report(self, sender_id: str) -> bool:
        tracker = await self._tracker(sender_id)
        return bool(tracker and tracker.active_loop_name == REPORT_FORM)

    async def slot(self, sender_id: str, name: str) -> Optional[Any]:
        tracker = await self._tracker(sender_id)
        return tracker.get_slot(name) if tracker else None
