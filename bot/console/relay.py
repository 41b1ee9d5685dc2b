"""What runs beside the console all the time, for every open handoff.

While the bot is paused Rasa still records (and parses) her messages but runs no policy, so the
emergency rule would not fire. This loop reads each open conversation about twice a second and, when
a new message of hers matches bot.lang.danger, sends the emergency response in her language at once
and flags the case. It also posts a short staff notification for every new handoff.
"""
import asyncio
import logging
import time
from collections import deque
from typing import Deque, Dict, Optional

from bot import settings

from bot.console.audit import AuditLog
from bot.rasa_api import RasaClient, RasaError
from bot.handoff.service import OPEN, HandoffService, conversation_id_of
from bot.lang.danger import SELF_HARM, detect_danger

logger = logging.getLogger(__name__)
RESPONSE_FOR = {SELF_HARM: "utter_self_harm"}
DEFAULT_RESPONSE = "utter_emergency"
NOTIFY_RETRY_SECONDS = 30


class Relay:
    def __init__(self, service: HandoffService, rasa: RasaClient, notifier=None,
                 audit: Optional[AuditLog] = None):
        self.service = service
        self.rasa = rasa
        self.notifier = notifier
        self.audit = audit
        self.started = time.time()
        # Last tracker timestamp checked per case: messages before the console started are not re-checked.
        self.checked_until: Dict[int, float] = {}
        self._notify_failed_at: Dict[int, float] = {}
        # Cases being closed right now (resumed in Rasa, not yet closed in the database): not re-paused.
        self.closing: set = set()
        self._alerts: Deque[float] = deque()  # when the staff alerts of the last minute were sent

    async def run_forever(self, interval: float) -> None:
        while True:
            try:
                await self.check_once()
            except asyncio.CancelledError:
                raise
            except Exception as error:  # never let the watcher die
                logger.warning("relay: check failed: %s", type(error).__name__)
            await asyncio.sleep(interval)

    async def check_once(self) -> int:
        """Returns how many emergency responses were sent (for tests)."""
        sent = 0
        open_now = await asyncio.to_thread(self.service.open_handoffs)
        for handoff in open_now:
            sent += await self._check(handoff)
        for gone in set(self.checked_until) - {h.id for h in open_now}:
            self.checked_until.pop(gone, None)
        await self._notify_new()
        return sent

    async def _check(self, handoff) -> int:
        try:
            tracker = await self.rasa.tracker(conversation_id_of(handoff))
        except RasaError as error:
            logger.warning("relay: case %d: tracker not readable: %s", handoff.id, error)
            return 0
        if tracker.get("paused") is False and await asyncio.to_thread(self._still_open, handoff.id):
            # A new Rasa session (after session_expiration_time) or a restart unpauses the conversation;
            # while a case is open the bot must stay quiet, so pause it again.
            try:
                await self.rasa.pause(conversation_id_of(handoff))
                logger.info("relay: case %d: conversation was unpaused; paused again", handoff.id)
            except RasaError as error:
                logger.warning("relay: case %d: could not pause again: %s", handoff.id, error)
        floor = self.checked_until.get(handoff.id, max(handoff.since_timestamp or 0, self.started))
        newest, danger = floor, None
        for event in tracker.get("events") or []:
            timestamp = event.get("timestamp") or 0
            if event.get("event") != "user" or timestamp <= floor:
                continue
            newest = max(newest, timestamp)
            signal = detect_danger(event.get("text") or "")
            if signal and (danger is None or signal.kind == SELF_HARM):
                danger = signal
        self.checked_until[handoff.id] = newest
        if danger is None:
            return 0
        response = RESPONSE_FOR.get(danger.kind, DEFAULT_RESPONSE)
        try:
            await self.rasa.execute(conversation_id_of(handoff), response)
        except RasaError as error:
            logger.error("relay: case %d: emergency response NOT sent: %s", handoff.id, error)
            self.checked_until[handoff.id] = floor  # try again on the next round
            return 0
        await asyncio.to_thread(self.service.flag_emergency, handoff.id)
        if self.audit:
            await asyncio.to_thread(self.audit.record, None, "emergency_reply", "handoff", handoff.id,
                                    f"{response} (pattern {danger.pattern})")
        logger.info("relay: case %d: emergency response sent", handoff.id)
        return 1

    def _still_open(self, handoff_id: int) -> bool:
        # Checked after the tracker was read: a close that finished meanwhile must win.
        if handoff_id in self.closing:
            return False
        fresh = self.service.get(handoff_id)
        return fresh is not None and fresh.status in OPEN

    async def _notify_new(self) -> None:
        now = time.monotonic()
        while self._alerts and self._alerts[0] <= now - 60:
            self._alerts.popleft()
        held = 0
        for handoff in await asyncio.to_thread(self.service.unnotified):
            failed = self._notify_failed_at.get(handoff.id)
            if failed is not None and now - failed < NOTIFY_RETRY_SECONDS:
                continue
            if self.notifier is not None and len(self._alerts) >= settings.STAFF_ALERTS_PER_MINUTE:
                # A flood of requests must not bury the staff chat: the rest go in one summary line.
                await asyncio.to_thread(self.service.mark_notified, handoff.id)
                held += 1
                continue
            self._alerts.append(now)
            ok = True
            if self.notifier is not None:
                ok = await self.notifier.new_handoff(handoff)
            if ok:
                await asyncio.to_thread(self.service.mark_notified, handoff.id)
                self._notify_failed_at.pop(handoff.id, None)
            else:
                self._notify_failed_at[handoff.id] = now
        if held and hasattr(self.notifier, "send"):
            console = getattr(self.notifier, "console_url", "")
            await self.notifier.send(f"{held} more new handoff requests in the last minute, not alerted one by one "
                                     f"(a flood?). Open the queue: {console}/queue")
