"""Tracker helpers every action module shares, and today's date in India."""
from datetime import datetime, timedelta, timezone

import pytest
from rasa_sdk import Tracker

from actions.tracker_helpers import reply_language, slot_text
from bot.india_time import INDIA, today_in_india


def _tracker(slots):
    return Tracker("s", slots, {}, [], False, None, {}, "action_listen")


@pytest.mark.parametrize("slots, language", [({"language": "hi"}, "hi"), ({"language": "en"}, "en"),
                                             ({"language": "hi-Latn"}, "hi-Latn"), ({}, "hi-Latn"),
                                             ({"language": None}, "hi-Latn")])
def test_reply_language_is_the_slot_or_romanized_hindi(slots, language):
    assert reply_language(_tracker(slots)) == language


@pytest.mark.parametrize("value, text", [("kal", "kal"), ("कल", "कल"), ("", ""), (None, ""), (True, ""),
                                         (["a"], ""), (5, "")])
def test_slot_text_is_text_or_nothing(value, text):
    assert slot_text(value) == text


def test_today_in_india_is_utc_plus_five_and_a_half_hours():
    before = (datetime.now(timezone.utc) + timedelta(hours=5, minutes=30)).date()
    today = today_in_india()
    after = (datetime.now(timezone.utc) + timedelta(hours=5, minutes=30)).date()
    assert today in (before, after)
    assert datetime(2026, 12, 1, 19, 0, tzinfo=timezone.utc).astimezone(INDIA).date().day == 2  # 00:30 next day
