"""WhatsApp Cloud API channel for Rasa (credentials.yml: `bot.channels.whatsapp.WhatsAppInput:`).

Webhook: GET and POST on /webhooks/whatsapp/webhook.
- GET: Meta's subscription handshake (verify token checked, challenge echoed as plain text).
- POST: signature checked over the raw body (403 and nothing processed when wrong), answered 200
  at once; messages are handled in the background, each WhatsApp message id once only.

Her number never goes further than this module: the sender id Rasa sees is a keyed pseudonym
(`sender_pseudonym`), the number lives encrypted in `ChannelIdentities` and is looked up again
only to send a reply. Delivery ids (wamids encode her number) are stored hashed. Logs carry the
first characters of the pseudonym at most, never a number or a text.

Settings: WHATSAPP_ACCESS_TOKEN, WHATSAPP_APP_SECRET, WHATSAPP_VERIFY_TOKEN,
WHATSAPP_PHONE_NUMBER_ID (all four, or the channel stays off), WHATSAPP_API_BASE_URL,
WHATSAPP_API_VERSION (bot/settings.py).
"""
import asyncio
import json
import logging
import time
from typing import Any, Awaitable, Callable, Dict, List, Optional, Set, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from bot import settings
from bot.channels.guarded import guard
from bot.channels.deliveries import DeliveryLog
from bot.channels.delivery_failures import OUTSIDE_WINDOW, UNKNOWN_RECIPIENT, DeliveryFailures
from bot.channels.evidence import EvidenceTooLarge, EvidenceVault
from bot.channels.identity import ChannelIdentities
from bot.channels.telegram_texts import text as channel_text
from bot.channels.tracker_view import TrackerView
from bot.channels.whatsapp_client import GraphApiError, WhatsAppClient
from bot.channels.whatsapp_texts import CHAT_STAYS_ON_PHONE, NO_ACCOUNT, SHOW_ACCOUNT_PAYLOAD, YOUR_ACCOUNT
from bot.channels.whatsapp_replies import (MEDIA_RECEIVED, Offers, Option, Reply, choice_for_reply_id,
                                           choice_for_typed_number, reply_with_choices,
                                           text_bodies)
from bot.channels.whatsapp_webhook import (CHOICE, EVIDENCE_MEDIA, IGNORED, MEDIA, TEXT, DeliveryStatus,
                                           Inbound, handshake_challenge, parse_notification,
                                           signature_is_valid)
from bot.channels.whatsapp_window import template_body, window_open
from bot.lang.script import clear_language, detect_language
from bot.store.keyring import check_keys
from bot.store.pseudonym import pseudonym, pseudonym_candidates

logger = logging.getLogger(__name__)

CHANNEL = "whatsapp"
REPEATED_FAILURE_SECONDS = 120
UNSUPPORTED_MEDIA = "/unsupported_media"  # intent in domain.yml: "please type", in her language


def short(sender_id: str) -> str:
    """What a log line may say about her: the start of the pseudonym."""
    return (sender_id or "?")[:12]


def delivery_key(kind: str, platform_id: str) -> str:
    # A wamid is base64 around her phone number: only a keyed hash of it is stored.
    return pseudonym(f"whatsapp-delivery:{kind}", platform_id)


def earlier_delivery_keys(kind: str, platform_id: str) -> List[str]:
    """The same key under older pseudonym keys (a redelivery across a rotation is still a redelivery)."""
    return pseudonym_candidates(f"whatsapp-delivery:{kind}", platform_id)[1:]


class WhatsAppOutput(OutputChannel):
    """Sends the bot's replies to her number, found again from the pseudonym Rasa knows."""

    def __init__(self, client: WhatsAppClient, identities: ChannelIdentities, failures: DeliveryFailures,
                 offers: Offers, recent_failures: Optional[Offers] = None) -> None:
        self.client, self.identities, self.failures, self.offers = client, identities, failures, offers
        self.recent_failures = recent_failures if recent_failures is not None else Offers()
        # The number of the message this output answers (one output per message): her reply to
        # "delete my data" reaches her although her identity row was deleted during the turn.
        self.answering: Dict[str, str] = {}

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.deliver(recipient_id, reply_with_choices(text, []), template=kwargs.get("whatsapp_template"))

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        await self.deliver(recipient_id, reply_with_choices(text, buttons), template=kwargs.get("whatsapp_template"))

    async def send_quick_replies(self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]],
                                 **kwargs: Any) -> None:
        await self.deliver(recipient_id, reply_with_choices(text, quick_replies))

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.deliver(recipient_id, Reply([{"type": "image", "image": {"link": image}}], []))

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        # A custom payload meant for WhatsApp is a message object of the Cloud API; others are not ours.
        body = json_message.get("whatsapp") if isinstance(json_message, dict) else None
        if isinstance(body, dict) and body.get("type"):
            await self.deliver(recipient_id, Reply([body], []))

    async def deliver(self, recipient_id: str, reply: Reply, aside: bool = False,
                      template: Optional[dict] = None) -> bool:
        """Sends every piece of a reply; a failure is logged (no text) and recorded for staff.
        `aside`: the channel's own line (a notice, a file received), which leaves the choices of
        the bot's last reply on offer. `template`: a message we start (bot/jobs/) says which
        approved template to send instead once her 24-hour window has closed
        (bot/channels/whatsapp_window.py)."""
        address = (self.answering.get(recipient_id)
                   or await asyncio.to_thread(self.identities.address_of, CHANNEL, recipient_id))
        if not address:
            await self.note_failure(recipient_id, UNKNOWN_RECIPIENT, "no address for this pseudonym")
            return False
        if template:
            last_seen = await asyncio.to_thread(self.identities.last_seen, CHANNEL, recipient_id)
            if not window_open(last_seen):
                return await self._send_template(recipient_id, address, template)
        # Only the newest reply's choices can be picked by number.
        if not aside:
            self.offers.set(recipient_id, reply.offered)
        for body in reply.bodies:
            try:
                await self.client.send(address, body)
            except GraphApiError as e:
                if template and e.code == OUTSIDE_WINDOW:
                    return await self._send_template(recipient_id, address, template)
                await self.note_failure(recipient_id, e.code, e.title)
                return False
        return True

    async def _send_template(self, recipient_id: str, address: str, template: dict) -> bool:
        try:
            await self.client.send(address, template_body(template))
        except GraphApiError as e:
            await self.note_failure(recipient_id, e.code, e.title)
            return False
        logger.info("whatsapp: template %s sent (outside the 24-hour window)", template.get("name"))
        return True

    async def note_failure(self, recipient_id: str, code: int, title: str) -> None:
        # A turn of several messages outside the window fails several times: staff need it once.
        key, now = f"{recipient_id}:{code}", time.monotonic()
        previous = self.recent_failures.get(key)
        if previous and now - previous[0] < REPEATED_FAILURE_SECONDS:
            return
        self.recent_failures.set(key, [now])
        logger.warning("whatsapp: reply to %s not delivered: error %s (%s)", short(recipient_id), code, title)
        try:
            await asyncio.to_thread(self.failures.record, CHANNEL, recipient_id, code, title)
        except Exception as e:  # the database is down: the log line above is all we can do
            logger.error("whatsapp: could not record a delivery failure (%s)", type(e).__name__)


class WhatsAppInput(InputChannel):
    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WhatsAppInput":
        check_keys("The Rasa server (WhatsApp channel)")  # production: its keys, or no start
        config = settings.whatsapp_settings()
        for key, value in (credentials or {}).items():
            if value not in (None, ""):
                config[key] = str(value)
        return cls(config)

    def __init__(self, config: Dict[str, str], database_url: Optional[str] = None) -> None:
        self.config = config
        missing = [name for name in settings.WHATSAPP_SECRETS if not config.get(name[len("WHATSAPP_"):].lower())]
        self.enabled = not missing
        if missing:
            logger.warning("WhatsApp channel disabled: %s not set", ", ".join(missing))
            return
        self.client = WhatsAppClient(config["api_base_url"], config["api_version"], config["phone_number_id"],
                                     config["access_token"])
        self.identities = ChannelIdentities(database_url)
        self.deliveries = DeliveryLog(database_url)
        self.failures = DeliveryFailures(database_url)
        self.offers = Offers()
        self.recent_failures = Offers()
        self.languages = Offers()  # pseudonym -> language of her last text, for the channel's own words
        self.evidence = EvidenceVault(database_url)
        self.conversations = TrackerView(None)   # the Rasa server's agent, set by the webhook
        # First contacts whose first turn has not been answered yet: they get CHAT_STAYS_ON_PHONE after it.
        self.newcomers: Set[str] = set()
        self._tasks: Set[asyncio.Task] = set()
        logger.info("WhatsApp channel enabled (Graph API %s)", config["api_version"])

    def get_output_channel(self) -> Optional[OutputChannel]:
        return self._output() if self.enabled else None

    def _output(self) -> WhatsAppOutput:
        """Only an enabled channel has a client: its webhook refuses every POST before this is needed."""
        return WhatsAppOutput(self.client, self.identities, self.failures, self.offers, self.recent_failures)

    # --- webhook -------------------------------------------------------------------------------

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        on_new_message = guard(on_new_message, "whatsapp")  # length and per-sender limits (gate.py)
        webhook = Blueprint("whatsapp_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "disabled"})

        @webhook.route("/webhook", methods=["GET"])
        async def verify(request: Request) -> HTTPResponse:
            challenge = handshake_challenge(request.args, self.config.get("verify_token", "")) if self.enabled else None
            if challenge is None:
                logger.warning("whatsapp: webhook verification refused (wrong mode or token)")
                return response.text("forbidden", status=403)
            return response.text(challenge, status=200)

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            if agent is not None:
                self.conversations.agent = agent
            status, text = await self.receive(request.body, request.headers.get("X-Hub-Signature-256"),
                                              on_new_message)
            return response.text(text, status=status)

        return webhook

    async def receive(self, raw_body: bytes, signature: Optional[str],
                      on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> tuple:
        """(HTTP status, body) for one webhook POST; the work itself continues in the background."""
        if not self.enabled:
            return 503, "whatsapp channel disabled"
        if not signature_is_valid(self.config["app_secret"], raw_body or b"", signature):
            logger.warning("whatsapp: webhook POST with a missing or wrong signature refused")
            return 403, "forbidden"
        try:
            body = json.loads(raw_body)
        except ValueError:
            logger.warning("whatsapp: signed webhook body is not JSON; ignored")
            return 200, "ok"
        notification = parse_notification(body)
        for code, title in notification.errors:
            logger.warning("whatsapp: webhook reports error %s (%s)", code, title)
        # Her messages are made ours (pseudonym stored, delivery id marked) before Meta gets its 200:
        # with the database down she gets a 503 and Meta delivers again later, nothing is lost.
        accepted, status, answer = [], 200, "ok"
        try:
            for message in notification.messages:
                if message.kind == IGNORED:
                    continue  # reactions, "changed number" notices, empty texts: nothing to answer
                sender, first = await asyncio.to_thread(self.identities.remember_first, CHANNEL, message.address)
                if first:
                    self.newcomers.add(sender)
                if await asyncio.to_thread(self.deliveries.first_time, CHANNEL,
                                           delivery_key("message", message.message_id),
                                           earlier_delivery_keys("message", message.message_id)):
                    accepted.append((message, sender))
        except Exception as e:
            logger.error("whatsapp: messages not accepted, asking Meta to deliver again (%s)", type(e).__name__)
            status, answer = 503, "try again"
        if accepted or notification.statuses:
            task = asyncio.create_task(self._process(accepted, notification.statuses, on_new_message))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        return status, answer

    async def drain(self) -> None:
        """Waits until every webhook received so far is handled (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def _process(self, messages: List[tuple], statuses: List[DeliveryStatus],
                       on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        for message, sender in messages:  # in order: one POST can carry several messages of hers
            try:
                await self._handle_message(message, sender, on_new_message)
            except Exception as e:  # one bad message must not stop the others
                logger.error("whatsapp: message not handled (%s)", type(e).__name__)
        for status in statuses:
            try:
                await self._handle_status(status)
            except Exception as e:
                logger.error("whatsapp: status not handled (%s)", type(e).__name__)

    async def _handle_message(self, inbound: Inbound, sender: str, on_new_message) -> None:
        output = self._output()
        output.answering[sender] = inbound.address
        offered = self.offers.get(sender)

        if inbound.kind == TEXT:
            language = clear_language(inbound.text)
            if language:
                self.languages.set(sender, [language])
            text = choice_for_typed_number(inbound.text, offered) or inbound.text
        elif inbound.kind == CHOICE:
            text = choice_for_reply_id(inbound.text, offered) or inbound.title
        elif inbound.kind == MEDIA and inbound.media_type in EVIDENCE_MEDIA:
            await self._on_evidence(output, sender, inbound)
            await self._after_turn(output, sender)
            return
        else:  # voice, video, sticker, location, contacts, types WhatsApp itself does not support
            text = UNSUPPORTED_MEDIA
        if not text:
            return
        if text == SHOW_ACCOUNT_PAYLOAD:
            await self._show_account(output, sender, offered)
            return
        await on_new_message(UserMessage(text, output, sender, input_channel=self.name()))
        await self._after_turn(output, sender)

    async def _language(self, sender: str, text: str = "") -> str:
        known = (self.languages.get(sender) or [None])[0]
        return known or detect_language(text) or await self.conversations.language(sender)

    async def _after_turn(self, output: WhatsAppOutput, sender: str) -> None:
        """After her first turn is answered (emergency numbers come first): the chat stays on her
        phone, and how to delete it. Then files she sent during the report join the filed report."""
        if sender in self.newcomers:
            self.newcomers.discard(sender)
            language = await self._language(sender)
            await output.deliver(sender, Reply(text_bodies(CHAT_STAYS_ON_PHONE.pick(language)), []), aside=True)
        try:
            linked = await asyncio.to_thread(self.evidence.link_pending, sender)
            if linked:
                logger.info("whatsapp: %d evidence file(s) linked to a filed complaint", linked)
        except Exception as error:
            logger.warning("whatsapp: evidence not linked yet (%s)", type(error).__name__)

    async def _on_evidence(self, output: WhatsAppOutput, sender: str, inbound: Inbound) -> None:
        """A photo or document during a report: downloaded from the Graph API and stored encrypted
        exactly as Telegram's (bot/channels/evidence.py), linked to her report once it is filed."""
        language = await self._language(sender, inbound.caption)
        if not await self.conversations.in_report(sender):
            await output.deliver(sender, Reply(text_bodies(MEDIA_RECEIVED.pick(language)), []))
            return
        key = "evidence_received"
        try:
            content, _ = await self.client.media(inbound.media_id, max_bytes=self.evidence.max_bytes)
            kind = "photo" if inbound.media_type == "image" else "document"
            await asyncio.to_thread(self.evidence.store_pending, sender, kind, content)
            logger.info("whatsapp: evidence %s stored for a report", kind)
        except EvidenceTooLarge:
            key = "evidence_too_large"
        except GraphApiError as error:
            logger.warning("whatsapp: evidence file not fetched (%s)", error.code)
            key = "evidence_too_large" if error.code == 413 else "evidence_failed"
        except Exception as error:
            logger.warning("whatsapp: evidence file not stored (%s)", type(error).__name__)
            key = "evidence_failed"
        await output.deliver(sender, Reply(text_bodies(channel_text(key, language)), []), aside=True)

    async def _show_account(self, output: WhatsAppOutput, sender: str, offered: List[Option]) -> None:
        """She asked to see her own account before filing: shown once, with the same choices again."""
        language = await self._language(sender)
        account = await self.conversations.slot(sender, "incident_description")
        text = YOUR_ACCOUNT.pick(language).format(account=account) if account else NO_ACCOUNT.pick(language)
        buttons = [{"title": o.title, "payload": o.payload} for o in offered if o.payload != SHOW_ACCOUNT_PAYLOAD]
        await output.deliver(sender, reply_with_choices(text, buttons))

    async def _handle_status(self, status: DeliveryStatus) -> None:
        if status.status != "failed":
            return  # sent / delivered / read / played: nothing to do
        if not await asyncio.to_thread(self.deliveries.first_time, CHANNEL,
                                       delivery_key("failed", status.message_id),
                                       earlier_delivery_keys("failed", status.message_id)):
            return
        sender = (await asyncio.to_thread(self.identities.sender_id_of, CHANNEL, status.address)
                  if status.address else "unknown")
        output = self._output()
        for code, title in status.errors or ((-1, "failed without an error code"),):
            await output.note_failure(sender, code, title)
