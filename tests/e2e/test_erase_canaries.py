""""Delete my data" over the real servers, on each channel: canary strings (her words, her number,
her chat id) go in through Telegram, WhatsApp and the web (REST, standing for socket.io); she files a
report (with a photo on Telegram and WhatsApp); she asks to delete her data. Then every table of our
database (as stored and decrypted), the tracker store, `var/` (the outbox), the evidence folder and
the servers' logs are searched: no canary anywhere. The filed report stays, unlinked.

On WhatsApp the same conversation also shows the parity rules: the notice after her first turn, the
summary without her account until she asks, the advice with code and PIN, and the erase reply that
tells her how to delete the chat on her phone."""
import json

import pytest
import requests

from bot.channels.telegram_texts import TEXTS
from bot.channels.whatsapp_texts import (CHAT_STAYS_ON_PHONE, NOTE_CODE_ELSEWHERE, SHOW_ACCOUNT_PAYLOAD,
                                         YOUR_ACCOUNT)
from bot.privacy.wording import ERASED, WHATSAPP_CHAT
from tests.canary_search import database_hits, file_hits
from tests.conftest import ROOT
from tests.e2e.conftest import Chat, identify
from tests.e2e.reporting import REPORTS, file_anonymous_report
from tests.fakes import telegram_updates as u
from tests.fakes import whatsapp_payloads as wa
from tests.shared_servers import TELEGRAM_SECRET, WHATSAPP_SECRET

pytestmark = pytest.mark.e2e

DELETE, CONFIRM = "meri saari chat delete kar do", "haan"
KEPT_ONE = "Rakha gaya: aapki 1 darj shikayat"


def canaries(tag: str, number: str, chat: str) -> dict:
    return {"words": f"namaste, mera naam KANARI{tag}WORDS hai", "number": number, "chat": chat}


def search_everything(servers, values) -> list:
    tracker_url = f"sqlite:///{servers.log_dir / 'tracker.db'}"
    outbox = ROOT / "var" / "outbox.db"
    found = database_hits(servers.database_url, values) + database_hits(tracker_url, values)
    if outbox.exists():
        found += database_hits(f"sqlite:///{outbox}", values)
    found += file_hits([ROOT / "var", servers.log_dir / "evidence", servers.log_dir], values)
    for name in ("rasa", "actions", "worker"):
        found += [f"{name} log: {value}" for value in values if value in servers.log(name)]
    return found


# --- Telegram ------------------------------------------------------------------------------------
def tg_post(servers, payload):
    response = requests.post(servers.url + "/webhooks/telegram/webhook", data=json.dumps(payload).encode(),
                             headers={"Content-Type": "application/json",
                                      "X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET}, timeout=120)
    assert response.status_code == 200


def tg_press(servers, api, payload, chat_id):
    from bot.channels.chat_memory import ButtonTokens
    tg_post(servers, u.callback(ButtonTokens.token_for(payload), chat_id=chat_id))


def test_telegram(servers, telegram_api):
    api, chat_id = telegram_api, 5517770001234
    canary = canaries("TG", "+919811100001", str(chat_id))
    tg_post(servers, u.text(canary["words"], chat_id=chat_id))
    tg_post(servers, u.text(f"mera number {canary['number']} hai", chat_id=chat_id))
    content = b"\x89PNG his messages"
    api.add_file("ERASE-PHOTO", content)
    for step in ("start", "safe", "category", "what", "when", "district", "place", "who"):
        tg_post(servers, u.text(REPORTS["en"][step], chat_id=chat_id))
    tg_post(servers, u.photo("ERASE-PHOTO", len(content), chat_id=chat_id))
    tg_press(servers, api, '/inform{"evidence":"screenshots"}', chat_id)
    tg_press(servers, api, '/inform{"contact_mode":"anonymous"}', chat_id)
    tg_press(servers, api, "/deny", chat_id)     # no messages from 1090 later
    tg_press(servers, api, "/affirm", chat_id)   # the summary is right: file it
    values = list(canary.values())
    assert search_everything(servers, values) != []   # the search finds what is there
    tg_post(servers, u.text(DELETE, chat_id=chat_id))
    mark = len(api.calls("sendMessage"))
    tg_post(servers, u.text(CONFIRM, chat_id=chat_id))
    [reply] = [c["text"] for c in api.calls("sendMessage")[mark:] if c["chat_id"] == chat_id]
    assert reply.startswith(ERASED.hi_latn) and KEPT_ONE in reply
    assert search_everything(servers, values) == []


# --- WhatsApp ------------------------------------------------------------------------------------
def wa_say(servers, api, number, body, at_least=1):
    before = len(api.sent_to(number))
    data, header = wa.signed(body, WHATSAPP_SECRET)
    assert requests.post(servers.url + "/webhooks/whatsapp/webhook", data=data, timeout=30,
                         headers={"X-Hub-Signature-256": header, "Content-Type": "application/json"}
                         ).status_code == 200
    api.wait_for(before + at_least, number, timeout=90)
    api.wait_quiet(quiet=1.5, timeout=60)
    return api.sent_to(number)[before:]


def body_text(body):
    return body["text"]["body"] if body["type"] == "text" else body["interactive"]["body"]["text"]


def test_whatsapp(servers, whatsapp_api):
    api, number = whatsapp_api, "919811100002"
    canary = canaries("WA", "+" + number, number)
    first = wa_say(servers, api, number, wa.text(number, canary["words"]), at_least=2)
    assert body_text(first[-1]) == CHAT_STAYS_ON_PHONE.hi_latn   # after her first turn, once
    assert all(body_text(b) not in CHAT_STAYS_ON_PHONE.by_language().values()
               for b in wa_say(servers, api, number, wa.text(number, f"mera number {canary['number']} hai")))
    texts = REPORTS["en"]
    for step in ("start", "safe", "category", "what", "when", "district", "place", "who"):
        wa_say(servers, api, number, wa.text(number, texts[step]))
    api.add_media("7770000001", b"\xff\xd8 photo of his messages", "image/jpeg")
    [ack] = wa_say(servers, api, number, wa.media(number, "image", "7770000001"))
    assert body_text(ack) == TEXTS["evidence_received"].en
    wa_say(servers, api, number, wa.button_reply(number, '/inform{"evidence":"screenshots"}', "Screenshots"))
    wa_say(servers, api, number, wa.button_reply(number, '/inform{"contact_mode":"anonymous"}', "Anonymous"))
    summary = wa_say(servers, api, number, wa.button_reply(number, "/deny", "No"))   # no messages later
    shown = json.dumps(summary, ensure_ascii=False)
    assert texts["what"] not in shown and SHOW_ACCOUNT_PAYLOAD in shown   # her account only if she asks
    [account] = wa_say(servers, api, number, wa.button_reply(number, SHOW_ACCOUNT_PAYLOAD, "Show what I wrote"))
    assert body_text(account) == YOUR_ACCOUNT.en.format(account=texts["what"])
    filed = wa_say(servers, api, number, wa.button_reply(number, "/affirm", "Yes"), at_least=2)
    assert identify({"text": body_text(filed[0])}) == ("utter_report_filed_anonymous", "en")
    assert body_text(filed[1]) == NOTE_CODE_ELSEWHERE.en
    values = list(canary.values())
    assert search_everything(servers, values) != []
    wa_say(servers, api, number, wa.text(number, DELETE))
    [reply] = wa_say(servers, api, number, wa.text(number, CONFIRM))   # reaches her: her number was just erased
    assert body_text(reply).startswith(ERASED.hi_latn) and KEPT_ONE in body_text(reply)
    assert WHATSAPP_CHAT.hi_latn in body_text(reply)
    assert search_everything(servers, values) == []


# --- Web (REST stands for socket.io: the sender id is the widget's session id) -------------------------
def test_web(servers):
    chat = Chat(servers)
    chat.sender = "websession-KANARIWEB-" + chat.sender
    canary = canaries("WEB", "+919811100003", chat.sender)
    chat.say(canary["words"])
    chat.say(f"mera number {canary['number']} hai")
    code, pin, _ = file_anonymous_report(chat, "en")
    values = list(canary.values())
    assert search_everything(servers, values) != []
    chat.say(DELETE)
    # Rasa's REST channel sends each paragraph as a message of its own.
    reply = "\n\n".join(message["text"] for message in chat.say(CONFIRM))
    assert reply.startswith(ERASED.hi_latn) and KEPT_ONE in reply
    assert search_everything(servers, values) == []
    status = Chat(servers)
    status.say(f"status {code}")
    assert [n for n, _ in status.replies(pin)] == ["utter_status_result"]   # what stays: code and PIN still open it
