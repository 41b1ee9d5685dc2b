"""The handoff relay, for every open handoff: run by the job worker (`python -m bot.jobs`, one worker
at a time holds it: bot/jobs/runner.py), no longer inside the console, so consoles can be many.

While the bot is paused Rasa still records (and parses) her messages but runs no policy, so the
emergency rule would not fire. This loop reads each open conversation about twice a second and, when
a new message of hers matches bot.lang.danger, sends the emergency response in her language at once
and flags the case. It also posts a short staff notification for every new handoff.

How far each case was checked is kept in the database (handoffs.relay_checked_until), so a worker
that takes the relay over from a killed one checks every message the other had not.
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
        # Last tracker timestamp checked per case (also stored: handoffs.relay_checked_until). A case
        # this relay has never seen starts from where a previous relay stopped, else from its
        # handoff or from this relay's start, whichever is later (old messages are not re-checked).
        self.checked_until: Dict[int, float] = {}
        self._notify_failed_at: Dict[int, float] = {}
        self._alerts: Deque[float] = deque()  # when the staff alerts of the last minute were sent

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
        floor = await asyncio.to_thread(self._floor, handoff)
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
            await asyncio.to_thread(self._store_checked, handoff, newest)
            return 0
        response = RESPONSE_FOR.get(danger.kind, DEFAULT_RESPONSE)
        try:
            await self.rasa.execute(conversation_id_of(handoff), response)
        except RasaError as error:
            logger.error("relay: case %d: emergency response NOT sent: %s", handoff.id, error)
            self.checked_until[handoff.id] = floor  # try again on the next round
            return 0
        await asyncio.to_thread(self._store_checked, handoff, newest)
        await asyncio.to_thread(self.service.flag_emergency, handoff.id)
        if self.audit:
            await asyncio.to_thread(self.audit.record, None, "emergency_reply", "handoff", handoff.id,
                                    f"{response} (pattern {danger.pattern})")
        logger.info("relay: case %d: emergency response sent", handoff.id)
        return 1

    def _floor(self, handoff) -> float:
        if handoff.id in self.checked_until:
            return self.checked_until[handoff.id]
        if handoff.relay_checked_until is not None:
            return handoff.relay_checked_until  # where the relay before this one stopped
        floor = max(handoff.since_timestamp or 0, self.started)
        self.service.set_relay_checked(handoff.id, floor)  # a relay taking over starts here, not later
        return floor

    def _store_checked(self, handoff, newest: float) -> None:
        if newest != handoff.relay_checked_until:
            self.service.set_relay_checked(handoff.id, newest)

    def _still_open(self, handoff_id: int) -> bool:
        # Checked after the tracker was read: a close that finished meanwhile, or a counsellor
        # closing it now (in a console), must win.
        fresh = self.service.get(handoff_id)
        return fresh is not None and fresh.status in OPEN and not self.service.is_closing(fresh)

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
