"""Bot replies within WhatsApp's limits: buttons, lists, numbered options, long texts."""
from hypothesis import given, settings, strategies as st

from bot.channels.whatsapp_replies import (LIST_BUTTON_LABEL, MEDIA_RECEIVED, NUMBER_HINT, OPTION_ID_PREFIX, Offers,
                                           Option, choice_for_reply_id, choice_for_typed_number, reply_with_choices,
                                           shorten, split_text, typed_number)
from bot.lang.script import LANGUAGES
from tests.fakes.whatsapp_api import limit_problem


def buttons(n, title="Option {}"):
    return [{"title": title.format(i), "payload": f'/choose_online_safety_topic{{"online_safety_topic":"t{i}"}}'}
            for i in range(n)]


def valid(body):
    return limit_problem({"messaging_product": "whatsapp", "to": "1", **body})


def test_up_to_three_choices_are_reply_buttons():
    reply = reply_with_choices("Which topic?", buttons(3))
    (body,) = reply.bodies
    assert body["interactive"]["type"] == "button" and valid(body) is None
    ids = [b["reply"]["id"] for b in body["interactive"]["action"]["buttons"]]
    assert ids == [b["payload"] for b in buttons(3)]


def test_four_to_ten_choices_are_a_list_with_a_label_in_her_language():
    reply = reply_with_choices("किस बारे में जानना है?", buttons(7))
    (body,) = reply.bodies
    assert body["interactive"]["type"] == "list" and valid(body) is None
    assert body["interactive"]["action"]["button"] == LIST_BUTTON_LABEL.hi
    assert len(body["interactive"]["action"]["sections"][0]["rows"]) == 7


def test_more_than_ten_choices_are_numbered_and_a_typed_number_picks_one():
    reply = reply_with_choices("Which district are you in?", buttons(12))
    (body,) = reply.bodies
    assert body["type"] == "text" and valid(body) is None
    assert "1. Option 0" in body["text"]["body"] and "12. Option 11" in body["text"]["body"]
    assert NUMBER_HINT.en in body["text"]["body"]
    assert choice_for_typed_number("2", reply.offered) == buttons(12)[1]["payload"]
    assert choice_for_typed_number(" १२ ", reply.offered) == buttons(12)[11]["payload"]
    assert choice_for_typed_number("13", reply.offered) is None
    assert choice_for_typed_number("2 din pehle", reply.offered) is None


def test_long_titles_are_shortened_on_letter_boundaries_and_must_stay_distinct():
    long_hi = "ऑनलाइन उत्पीड़न और नकली प्रोफ़ाइल की शिकायत"
    short = shorten(long_hi, 20)
    assert len(short) <= 20 and short.endswith("…")
    assert short[-2] not in "\u094d" and not ("\u093e" <= short[0] <= "\u094d")
    # Two titles equal once cut to 20 characters cannot be buttons: a list (24 chars) tells them apart.
    same_start = [{"title": "Report harassment online", "payload": "/a"},
                  {"title": "Report harassment offline", "payload": "/b"}]
    body = reply_with_choices("Choose", same_start).bodies[0]
    assert body["interactive"]["type"] == "list" and valid(body) is None
    assert body["interactive"]["action"]["sections"][0]["rows"][0]["title"] == "Report harassment online"


def test_payloads_longer_than_an_id_go_through_the_offer():
    long = [{"title": "A", "payload": "/x" + "y" * 300}, {"title": "B", "payload": "/b"}]
    reply = reply_with_choices("?", long)
    ids = [b["reply"]["id"] for b in reply.bodies[0]["interactive"]["action"]["buttons"]]
    assert ids[0] == f"{OPTION_ID_PREFIX}0" and valid(reply.bodies[0]) is None
    assert choice_for_reply_id(ids[0], reply.offered) == long[0]["payload"]
    assert choice_for_reply_id(f"{OPTION_ID_PREFIX}7", reply.offered) is None
    assert choice_for_reply_id("/greet", []) == "/greet"


def test_texts_are_split_below_4096_characters():
    text = ("शब्द " * 3000).strip()
    pieces = split_text(text)
    assert len(pieces) == 4 and all(len(p) <= 4096 for p in pieces)
    assert " ".join(pieces).split() == text.split()
    assert split_text("x" * 5000) == ["x" * 4096, "x" * 904]


def test_an_empty_text_sends_nothing():
    assert reply_with_choices("  \n ", []).bodies == []


def test_typed_numbers():
    assert typed_number("3") == 3 and typed_number("३") == 3 and typed_number("3.") == 3
    assert typed_number("no. 4") == 4 and typed_number("hello") is None and typed_number("") is None


def test_offers_remember_only_the_newest_and_stay_bounded():
    offers = Offers(capacity=2)
    offers.set("a", [Option("x", "/x")])
    offers.set("a", [])
    assert offers.get("a") == []
    for sender in "bcd":
        offers.set(sender, [Option("x", "/x")])
    assert offers.get("b") == [] and offers.get("d")


def test_channel_words_exist_in_every_language():
    for texts in (LIST_BUTTON_LABEL, NUMBER_HINT, MEDIA_RECEIVED):
        assert set(texts.by_language()) == set(LANGUAGES) and all(t.strip() for t in texts.by_language().values())


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=5000), st.lists(st.fixed_dictionaries({
    "title": st.text(min_size=1, max_size=60), "payload": st.text(min_size=1, max_size=400)}), max_size=14))
def test_any_reply_is_accepted_by_the_platform_limits(text, choices):
    reply = reply_with_choices(text or "x", choices)
    for body in reply.bodies:
        assert valid(body) is None, body
