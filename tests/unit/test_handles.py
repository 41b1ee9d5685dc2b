import dataclasses

import pytest
from hypothesis import given, settings, strategies as st

from bot.lang.handles import PLATFORMS, Handle, find_handles


@pytest.mark.parametrize("text, platform, handle", [
    ("instagram.com/some.user/", "instagram", "some.user"),
    ("https://www.instagram.com/Some.User/?igshid=abc123", "instagram", "some.user"),
    ("http://m.instagram.com/some_user", "instagram", "some_user"),
    ("www.instagram.com/stories/some.user/3141592", "instagram", "some.user"),
    ("https://www.facebook.com/profile.php?id=1000123", "facebook", "id:1000123"),
    ("m.facebook.com/profile.php?ref=bookmarks&id=1000123", "facebook", "id:1000123"),
    ("facebook.com/people/Some-Name/1000123/", "facebook", "id:1000123"),
    ("facebook.com/1000123", "facebook", "id:1000123"),
    ("fb.com/some.user", "facebook", "some.user"),
    ("https://web.facebook.com/Some.User?ref=xyz", "facebook", "some.user"),
    ("twitter.com/abc", "x", "abc"),
    ("https://x.com/ABC_12/status/1234", "x", "abc_12"),
    ("mobile.twitter.com/abc", "x", "abc"),
    ("snapchat.com/add/abc", "snapchat", "abc"),
    ("https://www.snapchat.com/add/priya.k?share_id=1", "snapchat", "priya.k"),
    ("t.me/abc_channel", "telegram", "abc_channel"),
    ("https://telegram.me/abcde", "telegram", "abcde"),
    ("youtube.com/@abc", "youtube", "abc"),
    ("https://m.youtube.com/@AbcVlogs/videos", "youtube", "abcvlogs"),
    ("youtube.com/c/abcvlogs", "youtube", "abcvlogs"),
])
def test_profile_urls(text, platform, handle):
    assert find_handles(text) == [Handle(platform, handle)]


def test_url_inside_a_hinglish_sentence_and_trailing_punctuation():
    text = "ye ladka mujhe instagram.com/some.user. se message karta hai"
    assert find_handles(text) == [Handle("instagram", "some.user")]


@pytest.mark.parametrize("text, platform, handle", [
    ("insta pe @rahul_123 naam se id hai", "instagram", "rahul_123"),
    ("instagram par @Rahul_123 se msg aata hai", "instagram", "rahul_123"),
    ("fb pe @rahul.k", "facebook", "rahul.k"),
    ("facebook wali id @rahul.k hai", "facebook", "rahul.k"),
    ("snap pe @priya.k", "snapchat", "priya.k"),
    ("telegram pe @abc_channel ne photo daali", "telegram", "abc_channel"),
    ("he tweets as @abc on twitter", "x", "abc"),
    ("youtube pe @abcvlogs", "youtube", "abcvlogs"),
    ("इंस्टा पर @Rahul_123 नाम से", "instagram", "rahul_123"),
    ("फेसबुक पर @rahul.k", "facebook", "rahul.k"),
    ("uski id @rahul_123 hai", "unknown", "rahul_123"),
    ("@rahul_123.", "unknown", "rahul_123"),
])
def test_bare_handles_take_the_platform_from_context(text, platform, handle):
    assert find_handles(text) == [Handle(platform, handle)]


def test_each_bare_handle_takes_the_nearest_platform_word():
    text = "insta pe @rahul_123 naam se id hai aur fb pe @rahul.k"
    assert find_handles(text) == [Handle("instagram", "rahul_123"), Handle("facebook", "rahul.k")]


def test_same_account_twice_is_reported_once_in_order():
    text = "instagram.com/Some.User aur insta pe @some.user, aur t.me/abcde"
    assert find_handles(text) == [Handle("instagram", "some.user"), Handle("telegram", "abcde")]


@pytest.mark.parametrize("text", [
    "abc@gmail.com",
    "mera email abc.def@yahoo.co.in hai, insta pe nahi hoon",
    "mail me @gmail.com",
    "abc@instagram.com",
    "notinstagram.com/abc",
    "instagram.com/p/Cx12abc/",            # a post, not an account
    "instagram.com/reel/Cx12abc",
    "instagram.com/",
    "facebook.com/groups/12345",
    "facebook.com/sharer.php?u=x",
    "twitter.com/search?q=x",
    "t.me/joinchat/AbCdEf",
    "t.me/+AbCdEf",
    "youtube.com/watch?v=abc",
    "milte hai @5pm",
    "@ 5 baje",
    "@@@",
    "@.",
    "@12345",
    "koi handle nahi",
    "",
])
def test_not_handles(text):
    assert find_handles(text) == []


def test_length_limits():
    assert find_handles("instagram.com/" + "a" * 30) == [Handle("instagram", "a" * 30)]
    assert find_handles("instagram.com/" + "a" * 31) == []
    assert find_handles("insta pe @" + "a" * 31) == []
    assert find_handles("@" + "a" * 50) == [Handle("unknown", "a" * 50)]
    assert find_handles("@" + "a" * 51) == []
    assert find_handles("fb.com/" + "a" * 51) == []


def test_key_and_immutability():
    handle = Handle("instagram", "rahul_123")
    assert handle.key == "instagram:rahul_123"
    assert Handle("facebook", "id:1000123").key == "facebook:id:1000123"
    with pytest.raises(dataclasses.FrozenInstanceError):
        handle.handle = "x"
    assert len({Handle("x", "abc"), Handle("x", "abc")}) == 1


def test_url_and_bare_forms_give_the_same_key():
    via_url = find_handles("https://www.instagram.com/Rahul_123/")[0]
    via_at = find_handles("insta: @RAHUL_123")[0]
    assert via_url.key == via_at.key == "instagram:rahul_123"


def test_long_input_is_capped():
    assert find_handles("x " * 5000 + "@rahul_123") == []


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_never_raises_and_results_are_normalised(text):
    for handle in find_handles(text):
        assert handle.platform in PLATFORMS
        assert handle.handle == handle.handle.lower()
        assert "/" not in handle.handle and "?" not in handle.handle and not handle.handle.startswith("@")
        assert 0 < len(handle.handle) <= 53


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["insta", "fb", "@", "@ab", ".", "/", "instagram.com/", "t.me/", "x.com/",
                                 "profile.php?id=", "1", "a_b", " ", "@gmail.com", "?", "www."]), max_size=12))
def test_never_raises_on_url_soup(parts):
    for handle in find_handles("".join(parts)):
        assert handle.platform in PLATFORMS
