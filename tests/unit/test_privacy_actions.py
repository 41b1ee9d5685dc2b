"""Her reply after "delete my data", and what the report form shows on WhatsApp (no servers)."""
import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import Restarted
from rasa_sdk.executor import CollectingDispatcher

import actions.privacy as privacy
from actions.report import ActionAskReportConfirmed
from bot.channels.whatsapp_texts import ACCOUNT_HIDDEN, SHOW_ACCOUNT_PAYLOAD
from bot.privacy.erase import EraseService, Erasure
from bot.privacy.wording import (CANCELLED_BOOKINGS, ERASED, KEPT_REPORTS, NOT_COMPLETE, NOTHING_KEPT,
                                 WHATSAPP_CHAT, erase_reply)
from tests.domain_files import full_domain

DOMAIN = full_domain()


def tracker(channel, slots):
    events = [{"event": "user", "text": "x", "input_channel": channel, "parse_data": {}}]
    return Tracker("sender-1", slots, {"text": "x", "intent": {"name": "affirm"}, "entities": []}, events, False,
                   None, {"name": "report_form"}, "action_listen")


@pytest.mark.parametrize("language", ["hi", "hi-Latn", "en"])
def test_the_reply_says_what_went_what_stays_and_why(language):
    reply = erase_reply(Erasure(counts={"complaint_links": 2, "bookings_cancelled": 1}), language, "whatsapp")
    assert reply.startswith(ERASED.pick(language))
    assert KEPT_REPORTS.pick(language).format(count=2) in reply and "1090" in reply
    assert CANCELLED_BOOKINGS.pick(language).format(count=1) in reply and WHATSAPP_CHAT.pick(language) in reply
    plain = erase_reply(Erasure(), language, "telegram")
    assert NOTHING_KEPT.pick(language) in plain and WHATSAPP_CHAT.pick(language) not in plain
    assert NOT_COMPLETE.pick(language) in erase_reply(Erasure(failed=["outbox"]), language)


def test_the_action_erases_her_sender_id_and_restarts(monkeypatch):
    erased = []

    class Recording:
        name = "recording"

        def erase(self, subject):
            erased.append(subject.sender_id)
            return {"complaint_links": 1}

    monkeypatch.setattr(privacy, "erase_service", lambda: EraseService([Recording()]))
    dispatcher = CollectingDispatcher()
    events = asyncio.run(privacy.ActionDeleteMyData().run(dispatcher, tracker("socketio", {"language": "en"}),
                                                          DOMAIN))
    assert erased == ["sender-1"] and events == [Restarted()]
    assert dispatcher.messages[0]["text"] == erase_reply(Erasure(counts={"complaint_links": 1}), "en", "socketio")


@pytest.mark.parametrize("channel, hidden", [("whatsapp", True), ("telegram", False), ("socketio", False)])
def test_the_summary_hides_her_account_only_on_whatsapp(channel, hidden):
    account = "he waits at the bus stop every evening"
    slots = {"language": "en", "harassment_category": "stalking", "incident_description": account,
             "incident_when": None, "harasser_info": None, "contact_mode": "anonymous"}
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAskReportConfirmed().run(dispatcher, tracker(channel, slots), DOMAIN))
    [message] = dispatcher.messages
    assert (account in message["summary"]) is not hidden
    assert (ACCOUNT_HIDDEN.en in message["summary"]) is hidden
    assert [b["payload"] for b in message["buttons"]] == ([SHOW_ACCOUNT_PAYLOAD] if hidden else [])
