"""Telegram input/output channel for Rasa, built on python-telegram-bot (Bot API over HTTPS).

credentials.yml: `bot.channels.telegram.TelegramInput:` (settings come from the environment, see
bot/settings.py). Webhook: POST {rasa}/webhooks/telegram/webhook, registered with
`python -m bot.channels.telegram_setup`.

What enters Rasa carries only her pseudonym (a keyed hash of the chat id, bot/channels/identity.py):
the real chat id is kept encrypted in `channel_identities` and looked up again to reply. Logs name
the kind of update, never text or ids.
"""
import asyncio
import contextlib
import hmac
import json
import logging
from typing import Any, Awaitable, Callable, Dict, Iterable, List, Optional, Text, Union

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from telegram import (Bot, CallbackQuery, ChatMemberUpdated, Document, InlineKeyboardButton, InlineKeyboardMarkup,
                      Message, PhotoSize, Update)
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.request import HTTPXRequest

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, OutputChannel, UserMessage

from bot import settings
from bot.channels.guarded import guard
from bot.channels.chat_memory import ButtonTokens, ChatStates, RecentMessages, release_delivery
from bot.channels.deliveries import DeliveryLog
from bot.channels.evidence import EvidenceTooLarge, EvidenceVault
from bot.channels.identity import ChannelIdentities
from bot.channels.telegram_texts import NEUTRAL_LINE, text as channel_text
from bot.channels.tracker_view import REPORT_FORM, TrackerView  # noqa: F401 (REPORT_FORM: for callers)
from bot.jobs.do_not_contact import DoNotContact
from bot.jobs.scheduled import SCHEDULED_MARK, ScheduledMessages
from bot.store.keyring import check_keys

logger = logging.getLogger(__name__)

CHANNEL = "telegram"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_TEXT_UTF16 = 4096           # sendMessage.text limit
DELETE_BATCH = 100              # deleteMessages takes 1-100 ids
# What she cannot send us in a way we understand: Rasa answers utter_please_type in her language.
UNREADABLE_KINDS = ("voice", "audio", "video", "video_note", "sticker", "animation", "location", "venue",
                    "contact", "poll", "dice", "game", "story")
UNSUPPORTED_MEDIA = "/unsupported_media"

OnNewMessage = Callable[[UserMessage], Awaitable[Any]]


class RasaFailed(RuntimeError):
    """Rasa could not handle her message (not loaded yet, tracker store down ...)."""


def utf16_length(value: str) -> int:
    return len(value.encode("utf-16-le")) // 2


def split_text(value: str, limit: int = MAX_TEXT_UTF16) -> List[str]:
    """Pieces of at most `limit` UTF-16 units, cut at a line break or space where possible."""
    pieces = []
    rest = value
    while utf16_length(rest) > limit:
        cut, units = 0, 0
        for index, char in enumerate(rest):
            units += 2 if ord(char) > 0xFFFF else 1
            if units > limit:
                break
            cut = index + 1
        window = rest[:cut]
        for separator in ("\n", " "):
            position = window.rfind(separator)
            if position > cut // 2:
                cut = position + 1
                break
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest.strip() or not pieces:
        pieces.append(rest)
    return [piece for piece in pieces if piece] or [value[:1] or " "]


def _is_private_person(message: Message) -> bool:
    """A person writing to the bot in a private chat (not a group, channel, anonymous admin or bot)."""
    return (message.chat.type == ChatType.PRIVATE and message.from_user is not None
            and not message.from_user.is_bot and message.sender_chat is None)


def _command_of(message_text: str):
    """('/start 🙏 …') -> ('start', '🙏 …'); plain text -> (None, text)."""
    if not message_text.startswith("/"):
        return None, message_text
    head, _, rest = message_text.partition(" ")
    return head[1:].split("@", 1)[0].lower(), rest.strip()


class TelegramInput(InputChannel):
    """Receives Telegram updates on a webhook and hands her messages to Rasa."""

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "TelegramInput":
        check_keys("The Rasa server (Telegram channel)")  # production: its keys, or no start
        credentials = credentials or {}
        return cls(token=credentials.get("token") or settings.TELEGRAM_BOT_TOKEN,
                   secret=credentials.get("secret") or settings.TELEGRAM_WEBHOOK_SECRET,
                   api_base_url=credentials.get("api_base_url") or settings.TELEGRAM_API_BASE_URL)

    def __init__(self, token: str, secret: str, api_base_url: Optional[str] = None,
                 safe_words: Optional[Iterable[str]] = None, database_url: Optional[str] = None,
                 evidence_dir=None, evidence_max_bytes: Optional[int] = None, conversations=None) -> None:
        self.token = token or ""
        self.secret = secret or ""
        self.api_base_url = (api_base_url or settings.TELEGRAM_API_BASE_URL).rstrip("/")
        self.safe_words = {word.casefold() for word in (safe_words or settings.SAFE_WORDS)}
        self.enabled = bool(self.token and self.secret)
        if not self.enabled:
            logger.warning("Telegram channel disabled: set TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET to "
                           "enable it (webhook answers 503 until then)")
        self.database_url = database_url
        self.identities = ChannelIdentities(database_url)
        self.deliveries = DeliveryLog(database_url)
        self.recent = RecentMessages(CHANNEL, database_url)
        self.states = ChatStates(CHANNEL, database_url)
        self.tokens = ButtonTokens(database_url)
        self.evidence = EvidenceVault(database_url, evidence_dir, evidence_max_bytes)
        self.do_not_contact = DoNotContact(database_url)
        self.scheduled = ScheduledMessages(database_url)
        self.conversations = conversations
        self._bot: Optional[Bot] = None
        self._bot_lock: Optional[asyncio.Lock] = None
        self._addresses: Dict[str, int] = {}

    # --- Rasa wiring -------------------------------------------------------------------------
    def blueprint(self, on_new_message: OnNewMessage) -> Blueprint:
        on_new_message = guard(on_new_message, "telegram")  # length and per-sender limits (gate.py)
        webhook = Blueprint("hs_telegram_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok" if self.enabled else "disabled"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            conversations = self.conversations or TrackerView(getattr(request.app.ctx, "agent", None))
            status = await self.receive(request.body, request.headers.get(SECRET_HEADER), on_new_message,
                                        conversations)
            return response.json({"ok": status == 200}, status=status)

        return webhook

    def get_output_channel(self) -> Optional[OutputChannel]:
        """Used by Rasa's HTTP API (e.g. a counsellor's reply with output_channel=latest)."""
        return TelegramOutput(self) if self.enabled else None

    # --- one webhook delivery ----------------------------------------------------------------
    async def receive(self, body: bytes, secret_header: Optional[str], on_new_message: OnNewMessage,
                      conversations=None) -> int:
        """Handles one POSTed update; returns the HTTP status to answer Telegram with."""
        if not self.enabled:
            return 503
        if not secret_header or not hmac.compare_digest(secret_header.encode("utf-8", "replace"),
                                                         self.secret.encode("utf-8")):
            logger.warning("telegram: webhook call without the right secret token rejected")
            return 403
        try:
            data = json.loads(body)
            update_id = data["update_id"] if isinstance(data, dict) else None
        except (ValueError, KeyError, TypeError):
            update_id = None
        if not isinstance(update_id, int):
            logger.warning("telegram: unreadable update ignored")
            return 200
        try:
            if not await asyncio.to_thread(self.deliveries.first_time, CHANNEL, str(update_id)):
                logger.info("telegram: duplicate delivery of an update ignored")
                return 200
        except Exception as error:
            # Without the database nothing can be handled safely; Telegram retries non-2xx later.
            logger.error("telegram: delivery log unavailable (%s); asking Telegram to retry", type(error).__name__)
            return 503
        conversations = conversations or self.conversations or TrackerView(None)
        try:
            update = Update.de_json(data, None)
        except Exception as error:  # a shape the library cannot read: acknowledged, not retried
            kind = next((key for key in data if key != "update_id"), "empty")
            logger.warning("telegram: update of kind %s not readable (%s); ignored", kind, type(error).__name__)
            return 200
        try:
            await self._dispatch(update, on_new_message, conversations)
        except RasaFailed as error:
            # Her message must not be lost: forget the delivery and let Telegram send it again.
            logger.error("telegram: Rasa could not handle an update (%s); asking Telegram to retry",
                         type(error.__cause__).__name__)
            try:
                await asyncio.to_thread(release_delivery, CHANNEL, str(update_id), self.database_url)
            except Exception:
                return 200  # cannot be retried safely without the delivery log
            return 503
        except Exception as error:  # never let one odd update take the webhook down
            logger.exception("telegram: update could not be handled (%s)", type(error).__name__)
        return 200

    async def _dispatch(self, update: Update, on_new_message: OnNewMessage, conversations) -> None:
        if update.message is not None:
            if _is_private_person(update.message):
                await self._on_message(update.message, on_new_message, conversations)
            else:
                # Groups, channels, anonymous admins, bots: the service is for one woman in a private
                # chat. Answering in a group could expose her, so we stay silent.
                logger.info("telegram: message outside a private chat ignored (%s)", update.message.chat.type)
        elif update.callback_query is not None:
            await self._on_callback(update.callback_query, on_new_message, conversations)
        elif update.my_chat_member is not None:
            await asyncio.to_thread(self._on_membership, update.my_chat_member)
        else:
            kind = next((key for key in update.to_dict() if key != "update_id"), "empty")
            logger.info("telegram: update of kind %s ignored", kind)

    # --- messages ----------------------------------------------------------------------------
    async def _on_message(self, message: Message, on_new_message: OnNewMessage, conversations) -> None:
        chat_id = message.chat.id
        sender = await asyncio.to_thread(self.identities.remember, CHANNEL, str(chat_id))
        self._addresses[sender] = chat_id
        await asyncio.to_thread(self.recent.remember, sender, message.message_id)
        if await asyncio.to_thread(self.states.is_blocked, sender):
            await asyncio.to_thread(self.states.set_blocked, sender, False)  # she writes again, so she unblocked us

        if message.text is not None:
            await self._on_text(sender, message.text, message, on_new_message, conversations)
        elif message.photo or message.document:
            await self._on_evidence(sender, message, conversations)
            await self._link_evidence(sender)
        else:
            kind = next((k for k in UNREADABLE_KINDS if getattr(message, k, None)), "other")
            logger.info("telegram: %s message answered with 'please type'", kind)
            await self._to_rasa(sender, UNSUPPORTED_MEDIA, on_new_message)

    async def _on_text(self, sender: str, text: str, message: Message, on_new_message: OnNewMessage,
                       conversations) -> None:
        typed = text.strip()
        command, rest = _command_of(typed)
        if command == "exit" or typed.casefold() in self.safe_words:
            await self.exit(sender, on_new_message)
            return
        if command == "start":
            if any(char.isalpha() for char in rest):
                await self._to_rasa(sender, rest, on_new_message)
            else:
                await self._to_rasa(sender, _greeting_for(message), on_new_message)
            await self._send_hint(sender, conversations)
        elif command == "help":
            await self._to_rasa(sender, "/help", on_new_message)
            await self._send_hint(sender, conversations)
        elif command == "language":
            await self._to_rasa(sender, "/change_language", on_new_message)
        else:
            # Typed text never reaches Rasa as an intent payload ("/inform{...}" would set slots):
            # unknown commands lose their slashes and go to the NLU like any other words.
            words = typed.lstrip("/").strip() if command is not None else typed
            if not words:
                return
            await self._to_rasa(sender, words, on_new_message)
        await self._link_evidence(sender)

    async def _send_hint(self, sender: str, conversations) -> None:
        await self.send(sender, channel_text("exit_hint", await conversations.language(sender)))

    async def _to_rasa(self, sender: str, message_text: str, on_new_message: OnNewMessage,
                       output: Optional[OutputChannel] = None) -> None:
        try:
            await on_new_message(UserMessage(message_text, output or TelegramOutput(self), sender,
                                             input_channel=CHANNEL))
        except Exception as error:
            raise RasaFailed() from error

    # --- buttons -----------------------------------------------------------------------------
    async def _on_callback(self, query: CallbackQuery, on_new_message: OnNewMessage, conversations) -> None:
        chat = query.message.chat if query.message is not None else None
        payload = await asyncio.to_thread(self.tokens.payload, query.data or "")
        if chat is None or chat.type != ChatType.PRIVATE or query.from_user.is_bot:
            await self._answer_callback(query.id)  # the spinner must stop even when we do nothing
            logger.info("telegram: button press outside a private chat ignored")
            return
        sender = await asyncio.to_thread(self.identities.remember, CHANNEL, str(chat.id))
        self._addresses[sender] = chat.id
        if payload is None:
            language = await conversations.language(sender)
            await self._answer_callback(query.id, channel_text("button_expired", language))
            logger.info("telegram: unknown or expired button data answered")
            return
        await self._answer_callback(query.id)
        await self._to_rasa(sender, payload, on_new_message)
        await self._link_evidence(sender)

    async def _answer_callback(self, query_id: str, notice: Optional[str] = None) -> None:
        try:
            bot = await self.bot()
            await bot.answer_callback_query(query_id, text=notice[:200] if notice else None)
        except TelegramError as error:
            logger.warning("telegram: answerCallbackQuery failed (%s)", type(error).__name__)

    # --- blocked / unblocked -----------------------------------------------------------------
    def _on_membership(self, change: ChatMemberUpdated) -> None:
        if change.chat.type != ChatType.PRIVATE:
            logger.info("telegram: bot membership change outside a private chat ignored")
            return
        sender = self.identities.remember(CHANNEL, str(change.chat.id))
        blocked = change.new_chat_member.status in (ChatMemberStatus.BANNED, ChatMemberStatus.LEFT)
        self.states.set_blocked(sender, blocked)
        logger.info("telegram: a chat %s the bot", "blocked" if blocked else "unblocked")

    # --- evidence ----------------------------------------------------------------------------
    async def _on_evidence(self, sender: str, message: Message, conversations) -> None:
        language = await conversations.language(sender)
        if not await conversations.in_report(sender):
            await self.send(sender, channel_text("evidence_outside_report", language))
            return
        item: Union[PhotoSize, Document]
        if message.photo:
            item, kind = message.photo[-1], "photo"  # the largest size
        elif message.document:
            item, kind = message.document, "document"
        else:
            return  # _on_message sends only photos and documents here
        if item.file_size and item.file_size > self.evidence.max_bytes:
            await self.send(sender, channel_text("evidence_too_large", language))
            return
        try:
            bot = await self.bot()
            telegram_file = await bot.get_file(item.file_id)
            content = await telegram_file.download_as_bytearray()
            await asyncio.to_thread(self.evidence.store_pending, sender, kind, bytes(content))
        except EvidenceTooLarge:
            await self.send(sender, channel_text("evidence_too_large", language))
            return
        except BadRequest as error:
            too_big = "too big" in str(error).lower()
            logger.warning("telegram: evidence file not fetched (%s)", type(error).__name__)
            await self.send(sender, channel_text("evidence_too_large" if too_big else "evidence_failed", language))
            return
        except Exception as error:
            logger.warning("telegram: evidence file not stored (%s)", type(error).__name__)
            await self.send(sender, channel_text("evidence_failed", language))
            return
        logger.info("telegram: evidence %s stored for a report", kind)
        await self.send(sender, channel_text("evidence_received", language))

    async def _link_evidence(self, sender: str) -> None:
        try:
            linked = await asyncio.to_thread(self.evidence.link_pending, sender)
            if linked:
                logger.info("telegram: %d evidence file(s) linked to a filed complaint", linked)
        except Exception as error:
            logger.warning("telegram: evidence not linked yet (%s)", type(error).__name__)

    # --- exit --------------------------------------------------------------------------------
    async def exit(self, sender: str, on_new_message: OnNewMessage) -> None:
        """Deletes recent messages (hers and ours), resets the conversation, leaves one neutral line."""
        chat_id = await self.chat_id_of(sender)
        message_ids = await asyncio.to_thread(self.recent.deletable, sender)
        if chat_id is not None and message_ids:
            await self._delete(chat_id, message_ids)
        await asyncio.to_thread(self.recent.forget, sender)
        await asyncio.to_thread(self.evidence.discard_pending, sender)
        # Someone else may hold this phone: nothing we start is sent to this chat again.
        await asyncio.to_thread(self.do_not_contact.add, CHANNEL, sender, "exit")
        await asyncio.to_thread(self.scheduled.cancel_for_recipient, sender)
        # The reset's own replies are not for her eyes: collected and dropped.
        await self._to_rasa(sender, "/restart", on_new_message, output=CollectingOutputChannel())
        await self.send(sender, NEUTRAL_LINE, remember=False)
        logger.info("telegram: exit command handled (%d message ids)", len(message_ids))

    async def _delete(self, chat_id: int, message_ids: List[int]) -> None:
        bot = await self.bot()
        for start in range(0, len(message_ids), DELETE_BATCH):
            batch = message_ids[start:start + DELETE_BATCH]
            try:
                await bot.delete_messages(chat_id, batch)
                continue
            except TelegramError as error:
                logger.info("telegram: deleteMessages refused (%s); deleting one by one", type(error).__name__)
            for message_id in batch:
                # Older than 48 h or already gone: nothing more we can do.
                with contextlib.suppress(TelegramError):
                    await bot.delete_message(chat_id, message_id)

    # --- sending -----------------------------------------------------------------------------
    async def bot(self) -> Bot:
        if self._bot_lock is None:
            self._bot_lock = asyncio.Lock()
        async with self._bot_lock:
            if self._bot is None:
                bot = Bot(self.token, base_url=f"{self.api_base_url}/bot",
                          base_file_url=f"{self.api_base_url}/file/bot",
                          request=HTTPXRequest(connection_pool_size=8, read_timeout=20, pool_timeout=5))
                await bot.initialize()
                self._bot = bot
        return self._bot

    async def close(self) -> None:
        if self._bot is not None:
            await self._bot.shutdown()
            self._bot = None

    async def chat_id_of(self, sender: str) -> Optional[int]:
        if sender not in self._addresses:
            address = await asyncio.to_thread(self.identities.address_of, CHANNEL, sender)
            if address is None:
                return None
            self._addresses[sender] = int(address)
        return self._addresses[sender]

    def keyboard(self, buttons: List[Dict[str, Any]]) -> Optional[InlineKeyboardMarkup]:
        rows = []
        for button in buttons:
            title, payload = str(button.get("title") or ""), str(button.get("payload") or "")
            if title and payload:
                rows.append([InlineKeyboardButton(title, callback_data=self.tokens.token(payload))])
        return InlineKeyboardMarkup(rows) if rows else None

    async def send(self, sender: str, message_text: str, buttons: Optional[List[Dict[str, Any]]] = None,
                   remember: bool = True) -> None:
        chat_id = await self.chat_id_of(sender)
        if chat_id is None:
            logger.warning("telegram: no address for a recipient; message not sent")
            return
        if await asyncio.to_thread(self.states.is_blocked, sender):
            logger.info("telegram: she blocked the bot; message not sent")
            return
        pieces = split_text(message_text or " ")
        markup = await asyncio.to_thread(self.keyboard, buttons) if buttons else None
        bot = await self.bot()
        for number, piece in enumerate(pieces, start=1):
            reply_markup = markup if number == len(pieces) else None
            sent = await self._send_piece(bot, sender, chat_id, piece, reply_markup)
            if sent is None:
                return
            if remember:
                await asyncio.to_thread(self.recent.remember, sender, sent.message_id)

    async def _send_piece(self, bot: Bot, sender: str, chat_id: int, piece: str, markup) -> Optional[Message]:
        for attempt in (1, 2):
            try:
                return await bot.send_message(chat_id=chat_id, text=piece, reply_markup=markup)
            except Forbidden:
                await asyncio.to_thread(self.states.set_blocked, sender, True)
                logger.info("telegram: send refused (blocked); no more messages to this chat")
                return None
            except RetryAfter as error:
                if attempt == 2:
                    break
                await asyncio.sleep(min(float(getattr(error, "retry_after", 1) or 1), 5.0))
            except TelegramError as error:
                logger.warning("telegram: sendMessage failed (%s)", type(error).__name__)
                return None
        logger.warning("telegram: sendMessage throttled; message not sent")
        return None


def _greeting_for(message: Message) -> str:
    """The greeting intent; her app's language (hi/en) is a first hint for the reply's language."""
    code = (message.from_user.language_code or "").lower() if message.from_user else ""
    if code.startswith("hi"):
        return '/greet{"detected_language":"hi"}'
    if code.startswith("en"):
        return '/greet{"detected_language":"en"}'
    return "/greet"


class TelegramOutput(OutputChannel):
    """Sends Rasa's replies to her chat; `recipient_id` is her pseudonym, never the chat id."""

    def __init__(self, channel: TelegramInput) -> None:
        self.channel = channel

    @classmethod
    def name(cls) -> Text:
        return CHANNEL

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        if await self._refused(recipient_id, kwargs):
            return
        await self.channel.send(recipient_id, text)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        if await self._refused(recipient_id, kwargs):
            return
        await self.channel.send(recipient_id, text, buttons=buttons)

    async def _refused(self, recipient_id: str, kwargs: Dict[Text, Any]) -> bool:
        """A message we start (bot/jobs/, marked in its metadata) never reaches a do-not-contact chat,
        even when it was handed to Rasa before she typed /exit. Replies to her are never refused."""
        if not kwargs.get(SCHEDULED_MARK):
            return False
        if await asyncio.to_thread(self.channel.do_not_contact.applies, CHANNEL, recipient_id):
            logger.info("telegram: a scheduled message to a do-not-contact chat was dropped")
            return True
        return False

    async def send_quick_replies(self, recipient_id: Text, text: Text, quick_replies: List[Dict[Text, Any]],
                                 **kwargs: Any) -> None:
        await self.channel.send(recipient_id, text, buttons=quick_replies)

    async def send_image_url(self, recipient_id: Text, image: Text, **kwargs: Any) -> None:
        await self.channel.send(recipient_id, image)

    async def send_attachment(self, recipient_id: Text, attachment: Text, **kwargs: Any) -> None:
        await self.channel.send(recipient_id, attachment)

    async def send_custom_json(self, recipient_id: Text, json_message: Dict[Text, Any], **kwargs: Any) -> None:
        logger.info("telegram: custom payload not supported; skipped")
