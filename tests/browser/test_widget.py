"""The wcso.in chat widget end to end: headless Chromium on the demo page, the real Rasa and action
servers behind it. Screenshots go to test-artifacts/browser/."""
import re
import statistics

import pytest

from tests.browser.conftest import (bot_texts, open_widget, our_storage, record_metric, say, screenshot,
                                    wait_for_replies, wait_seconds)
from bot.devtools.widget_size import WIDGET_FILES
from tests.e2e.conftest import DEVANAGARI, KNOWN_TEXTS

pytestmark = pytest.mark.e2e

WIDGET = "#hamari-suraksha-widget"


def response_name(text: str) -> str:
    """The domain response a bubble came from (Rasa's socket.io channel splits texts at blank lines)."""
    for known, (name, _) in KNOWN_TEXTS.items():
        if text.strip() and text.strip() in known:
            return name
    return "<unknown>"


def assert_stayed_local(requests) -> None:
    assert requests, "no requests were recorded"
    assert requests.off_host() == [], "the widget made a request off this machine"


def test_hindi_chat_and_pressing_a_button(new_page, demo_url):
    page, requests = new_page()
    page.goto(demo_url())
    launcher = page.locator(f"{WIDGET} .hs-launcher")
    assert DEVANAGARI.search(launcher.inner_text()), "a Hindi page gets the Hindi interface"
    launcher.click()
    page.locator(f"{WIDGET} .hs-note-ok").click()
    assert page.get_by_role("textbox").get_attribute("placeholder") == "यहाँ लिखें…"

    replies = say(page, "नमस्ते", replies=2)
    assert response_name(replies[0]) == "utter_greet" and DEVANAGARI.search(replies[0])
    menu = page.locator(f"{WIDGET} .hs-bot").last.locator("button.hs-choice")
    assert menu.count() >= 3, "the menu's buttons are real buttons"
    screenshot(page, "hindi-chat-with-buttons")

    before = len(bot_texts(page))
    menu.filter(has_text="ऑनलाइन सुरक्षा सलाह").click()
    # The button's title is shown as her message; its payload goes to Rasa.
    assert page.locator(f"{WIDGET} .hs-user .hs-text").last.inner_text() == "ऑनलाइन सुरक्षा सलाह"
    topics = wait_for_replies(page, before)
    assert response_name(topics[0]) == "utter_online_safety_topics" and DEVANAGARI.search(topics[0])
    screenshot(page, "hindi-button-pressed")
    assert_stayed_local(requests)
    # The bundle measured by bot.devtools.widget_size is everything the widget fetches.
    fetched = {url.rsplit("/", 1)[1] for url in requests if "/widget/" in url}
    assert fetched == set(WIDGET_FILES)


def test_english_chat_and_the_language_switch(new_page, demo_url):
    page, requests = new_page()
    open_widget(page, demo_url(lang="en"))
    box = page.get_by_role("textbox")
    assert box.get_attribute("placeholder") == "Type here…"
    assert page.locator(f"{WIDGET} .hs-exit").inner_text() == "Quick exit"

    replies = say(page, "hello there", replies=2)
    assert response_name(replies[0]) == "utter_greet"
    assert not any(DEVANAGARI.search(text) for text in replies), "English in, English out"
    screenshot(page, "english-chat")

    page.locator(f"{WIDGET} .hs-lang").click()
    assert box.get_attribute("placeholder") == "यहाँ लिखें…"
    assert page.locator(f"{WIDGET} .hs-exit").inner_text() == "तुरंत बाहर निकलें"
    page.reload()
    assert page.get_by_role("textbox").get_attribute("placeholder") == "यहाँ लिखें…", "the choice is kept"
    page.locator(f"{WIDGET} .hs-lang").click()
    assert page.get_by_role("textbox").get_attribute("placeholder") == "Type here…"
    # The menu's buttons, restored from sessionStorage, still work after the reload.
    before = len(bot_texts(page))
    page.locator(f"{WIDGET} .hs-choice", has_text="Online safety advice").click()
    topics = wait_for_replies(page, before)
    assert response_name(topics[0]) == "utter_online_safety_topics" and not DEVANAGARI.search(topics[0])
    assert_stayed_local(requests)


def test_the_interface_follows_her_script(new_page, demo_url):
    """A Hindi page, and she writes romanized Hindi: the bot answers in romanized Hindi and the
    widget's own strings follow; one English word keeps them; asking for English changes them."""
    page, requests = new_page()
    open_widget(page, demo_url())
    box = page.get_by_role("textbox")
    assert box.get_attribute("placeholder") == "यहाँ लिखें…"

    replies = say(page, "mujhe kisi se baat karni hai")
    assert not any(DEVANAGARI.search(text) for text in replies)
    assert box.get_attribute("placeholder") == "Yahan likhein…"
    assert page.locator(f"{WIDGET} .hs-exit").inner_text() == "Turant bahar niklein"
    assert page.locator(f"{WIDGET} .hs-send").inner_text() == "Bhejein"
    assert page.locator(f"{WIDGET} .hs-lang").inner_text() == "English"
    screenshot(page, "romanized-hindi-interface")

    say(page, "stalking")
    assert box.get_attribute("placeholder") == "Yahan likhein…", "one English word keeps her language"
    page.reload()
    assert page.get_by_role("textbox").get_attribute("placeholder") == "Yahan likhein…", "kept on reload"

    replies = say(page, "English please")
    assert response_name(replies[0]) == "utter_language_changed"
    assert page.get_by_role("textbox").get_attribute("placeholder") == "Type here…"
    assert_stayed_local(requests)


def test_the_widget_reads_every_bot_reply_in_its_language_in_chromium(new_page, demo_url):
    from tests.unit.test_widget_files import bot_reply_texts

    page, _ = new_page()
    page.goto(demo_url())
    replies = bot_reply_texts()
    read = page.evaluate("texts => texts.map(t => window.HamariSuraksha.replyLanguage(t))",
                         [text for _, text in replies])
    assert [(lang, text) for (lang, text), got in zip(replies, read) if got not in (None, lang)] == []


def test_a_site_can_start_the_widget_in_romanized_hindi(new_page, demo_url):
    page, _ = new_page()
    open_widget(page, demo_url(lang="hi-Latn"))
    assert page.get_by_role("textbox").get_attribute("placeholder") == "Yahan likhein…"
    assert page.locator(f"{WIDGET} .hs-launcher").count() == 1


def test_reload_keeps_the_history_and_the_conversation(new_page, demo_url):
    page, requests = new_page()
    open_widget(page, demo_url(lang="en"))
    first = say(page, "I want to report harassment")
    assert response_name(first[0]).startswith("utter_ask_report_form"), first
    shown = page.locator(f"{WIDGET} .hs-msg .hs-text").all_inner_texts()
    session = our_storage(page)["session:hamari.session"]

    page.reload()
    assert page.locator(f"{WIDGET} .hs-msg .hs-text").all_inner_texts() == shown
    assert our_storage(page)["session:hamari.session"] == session
    assert page.locator(f"{WIDGET} .hs-panel").is_visible(), "the open chat stays open"
    page.wait_for_function("() => !document.querySelector('#hamari-suraksha-widget .hs-banner:not([hidden])')")
    screenshot(page, "after-reload")

    # Rasa still has her form: the answer to its question moves the form on.
    following = say(page, "yes")
    name = response_name(following[0])
    assert name.startswith("utter_ask_report_form") and name != response_name(first[0]), following
    assert_stayed_local(requests)


# Did the page itself close the socket, not just the browser tearing the page down? The mark goes
# in localStorage, written synchronously and still there on the neutral page (a console message
# sent just before a navigation can reach the test after it, or not at all).
MARK_SOCKET_CLOSES = """(() => { const close = WebSocket.prototype.close;
    WebSocket.prototype.close = function (...args) {
        localStorage.setItem('hs-test:socket-closed', 'yes'); return close.apply(this, args); }; })()"""


def _expect_clean_exit(page, demo, sockets) -> None:
    page.wait_for_url(re.compile(r"/neutral\.html$"))
    assert not [key for key in our_storage(page) if ":hamari." in key], "our storage is erased"
    assert our_storage(page).get("local:host-page-key") == "kept", "the host page's own keys stay"
    closed_by_page = our_storage(page).get("local:hs-test:socket-closed") == "yes"
    assert sockets and closed_by_page, "the widget closes its socket before it leaves"
    page.go_back()
    assert page.url.endswith("/neutral.html?before=1"), f"Back went to {page.url}, not to the page before"
    page.go_forward()
    assert page.url.endswith("/neutral.html"), "the chat page is gone from the history"
    assert page.locator(WIDGET).count() == 0


@pytest.mark.parametrize("how", ["button", "escape-twice"])
def test_quick_exit_erases_everything_and_back_does_not_return(new_page, demo_url, how):
    page, requests = new_page()
    sockets = []
    page.on("websocket", lambda socket: sockets.append(socket))
    page.add_init_script(MARK_SOCKET_CLOSES)
    url = demo_url()
    page.goto(url.split("?")[0] + "neutral.html?before=1")  # some page she visited before
    open_widget(page, url)
    say(page, "नमस्ते", replies=2)
    page.evaluate("() => { localStorage.setItem('hamari.remembered', 'x');"
                  " localStorage.setItem('host-page-key', 'kept'); }")
    assert any(":hamari.history" in key for key in our_storage(page))
    if how == "button":
        page.locator(f"{WIDGET} .hs-exit").click()
    else:
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
    _expect_clean_exit(page, url, sockets)
    screenshot(page, f"quick-exit-{how}")
    assert_stayed_local(requests)


def test_odd_input_is_shown_as_text_and_answered(new_page, demo_url):
    page, requests = new_page()
    open_widget(page, demo_url(lang="en"))
    odd = "<img src=x onerror=\"window.__owned=1\"> '; DROP TABLE x;-- \u202e 🙏🏽👩‍👧 ज़ु\u200dल्म"
    replies = say(page, odd)
    assert replies and page.locator(f"{WIDGET} .hs-user .hs-text").last.inner_text() == odd
    assert page.locator(f"{WIDGET} img").count() == 0 and not page.evaluate("() => window.__owned")
    # One message holds up to 20,000 characters (the server's limit for the web chat); longer accounts
    # go in parts, which the complaint form joins (tests/e2e/test_reporting.py).
    assert page.get_by_role("textbox").get_attribute("maxlength") == "20000"
    long_text = "वह रोज़ मेरा पीछा करता है और धमकी देता है। " * 460  # about 19,800 characters
    assert len(say(page, long_text.strip())) >= 1, "a long account gets an answer"
    page.reload()
    assert page.locator(f"{WIDGET} .hs-user .hs-text").last.inner_text() == long_text.strip()
    assert_stayed_local(requests)


def test_configured_by_data_attributes_on_its_script_tag(new_page, demo_url, servers):
    """Another site: no config object, only data-* on the script tag (socket, language, neutral page)."""
    page, requests = new_page()
    site = demo_url().split("?")[0]
    page.goto(site + "neutral.html?host=1")
    page.evaluate("""([socketUrl]) => {
        const tag = document.createElement('script');
        tag.src = 'widget/hamari-widget.js';
        tag.dataset.socketUrl = socketUrl;
        tag.dataset.lang = 'hi';
        tag.dataset.neutralUrl = 'neutral.html?left=1';
        document.body.appendChild(tag);
    }""", [f"http://127.0.0.1:{servers.rasa_port}"])
    page.locator(f"{WIDGET} .hs-launcher").click()
    assert page.get_by_role("textbox").get_attribute("placeholder") == "यहाँ लिखें…", "data-lang beats <html lang=en>"
    page.locator(f"{WIDGET} .hs-note-ok").click()
    assert DEVANAGARI.search(say(page, "बचाओ")[0])
    page.locator(f"{WIDGET} .hs-exit").click()
    page.wait_for_url(re.compile(r"/neutral\.html\?left=1$"))
    assert_stayed_local(requests)


def test_one_escape_does_not_leave(new_page, demo_url):
    page, _ = new_page()
    open_widget(page, demo_url())
    page.keyboard.press("Escape")
    wait_seconds(2)  # longer than the double-press window
    page.keyboard.press("Escape")
    wait_seconds(0.5)
    assert "neutral" not in page.url


def test_the_first_open_note_is_shown_once_per_session(new_page, demo_url):
    page, _ = new_page()
    page.goto(demo_url(lang="en"))
    page.locator(f"{WIDGET} .hs-launcher").click()
    note = page.locator(f"{WIDGET} .hs-note")
    assert note.is_visible()
    assert "Quick exit" in note.inner_text() and "not stored on your device" in note.inner_text()
    assert page.evaluate("() => document.activeElement.id") == "hs-note", "focus goes to the note"
    page.locator(f"{WIDGET} .hs-note-ok").click()
    assert page.evaluate("() => document.activeElement.id") == "hs-input"
    page.locator(f"{WIDGET} .hs-close").click()
    page.locator(f"{WIDGET} .hs-launcher").click()
    assert note.is_hidden()
    page.reload()
    assert page.locator(f"{WIDGET} .hs-note").is_hidden()

    fresh, fetched = new_page()  # a new tab session
    fresh.goto(demo_url(lang="en"))
    fresh.wait_for_load_state("networkidle")
    assert not [url for url in fetched if "socket.io" in url], "visitors who never open the chat load no socket"
    fresh.locator(f"{WIDGET} .hs-launcher").click()
    assert fresh.locator(f"{WIDGET} .hs-note").is_visible()


def test_a_360_px_phone_has_no_horizontal_scroll(new_page, demo_url):
    page, _ = new_page(360, 740)
    page.goto(demo_url())
    screenshot(page, "phone-360-closed")
    page.locator(f"{WIDGET} .hs-launcher").click()
    screenshot(page, "phone-360-first-open-note")
    page.locator(f"{WIDGET} .hs-note-ok").click()
    say(page, "मेरा नाम नहीं बताना चाहती " + "बहुतलंबाशब्दबिनारुकावट" * 8, replies=1)
    say(page, "नमस्ते", replies=2)
    screenshot(page, "phone-360-chat")
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1], f"horizontal scroll: {widths}"
    for part in (".hs-panel", ".hs-exit", ".hs-send", ".hs-input"):
        box = page.locator(f"{WIDGET} {part}").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= 360, part
    exit_box = page.locator(f"{WIDGET} .hs-exit").bounding_box()
    panel_box = page.locator(f"{WIDGET} .hs-panel").bounding_box()
    assert exit_box["y"] + exit_box["height"] <= panel_box["y"], "Quick exit is not hidden by the chat"


def test_keyboard_and_screen_reader(new_page, demo_url):
    page, _ = new_page()
    page.goto(demo_url(lang="en"))
    log = page.locator(f"{WIDGET} [role=log]")
    assert log.get_attribute("aria-live") == "polite"
    assert page.get_by_role("button", name=re.compile("Quick exit")).is_visible()
    launcher = page.locator(f"{WIDGET} .hs-launcher")
    assert launcher.get_attribute("aria-expanded") == "false"
    launcher.focus()
    page.keyboard.press("Enter")
    assert page.locator(f"{WIDGET} .hs-launcher").is_hidden()
    page.keyboard.press("Tab")  # from the note to its OK button
    page.keyboard.press("Enter")
    box = page.get_by_label("Your message")
    assert page.evaluate("() => document.activeElement.id") == "hs-input"
    box.type("hello there")
    page.keyboard.press("Enter")
    wait_for_replies(page, 0, 2)
    assert log.locator(".hs-bot .hs-who").first.inner_text().startswith("Hamari Suraksha")
    choice = page.locator(f"{WIDGET} .hs-bot").last.locator("button.hs-choice").first
    choice.focus()
    before = len(bot_texts(page))
    page.keyboard.press("Enter")
    wait_for_replies(page, before)
    page.locator(f"{WIDGET} .hs-close").click()
    assert page.evaluate("() => document.activeElement.className") == "hs-launcher", "focus returns"
    screenshot(page, "keyboard")


def test_reconnects_after_the_network_drops_and_sends_once(new_page, demo_url):
    page, requests = new_page()
    open_widget(page, demo_url(lang="en"))
    say(page, "hello there", replies=2)
    session = our_storage(page)["session:hamari.session"]
    banner = page.locator(f"{WIDGET} .hs-banner")

    page.context.set_offline(True)
    banner.wait_for(state="visible")
    screenshot(page, "offline-reconnecting")
    before = len(bot_texts(page))
    box = page.get_by_role("textbox")
    box.fill("hello there")
    box.press("Enter")
    assert page.locator(f"{WIDGET} .hs-user").last.get_attribute("data-state") == "queued"

    page.context.set_offline(False)
    banner.wait_for(state="hidden", timeout=30_000)
    replies = wait_for_replies(page, before, 2)
    wait_seconds(3)  # anything sent twice would answer twice by now
    assert len(bot_texts(page)) == before + 2, "the queued message was sent more than once"
    assert response_name(replies[0]) == "utter_greet"
    assert our_storage(page)["session:hamari.session"] == session
    assert page.locator(f"{WIDGET} .hs-user").last.get_attribute("data-state") == "sent"
    assert_stayed_local(requests)


def test_first_message_latency_in_the_browser(new_page, demo_url):
    """From pressing Enter to the first bot bubble, measured in the page (reported, not asserted)."""
    samples = []
    for attempt in range(5):
        page, _ = new_page()
        open_widget(page, demo_url(lang="en"))
        page.evaluate("""() => {
            const log = document.querySelector('#hamari-suraksha-widget .hs-log');
            document.querySelector('#hs-input').addEventListener('keydown', e => {
                if (e.key === 'Enter' && !window.__hsSent) window.__hsSent = performance.now(); }, true);
            new MutationObserver(() => {
                if (!window.__hsFirstBot && log.querySelector('.hs-bot:not(.hs-welcome)'))
                    window.__hsFirstBot = performance.now();
            }).observe(log, {childList: true});
            const typing = document.querySelector('#hamari-suraksha-widget .hs-typing');
            new MutationObserver(() => { if (!typing.hidden) window.__hsTyping = true; })
                .observe(typing, {attributes: true});
        }""")
        say(page, "hello there" if attempt % 2 else "नमस्ते", replies=2)
        samples.append(page.evaluate("() => window.__hsFirstBot - window.__hsSent"))
        assert page.evaluate("() => window.__hsTyping"), "the typing indicator showed while she waited"
        assert page.locator("#hamari-suraksha-widget .hs-typing").is_hidden(), "and went away"
        page.context.close()
    median = round(statistics.median(samples))
    print(f"\nfirst-message latency in Chromium: median {median} ms of {[round(s) for s in samples]}")
    record_metric("widget_first_message_latency_ms", {"median": median, "samples": [round(s) for s in samples]})
    assert all(s > 0 for s in samples)


def test_zz_the_servers_logged_no_widget_message_text(servers):
    """Runs last: nothing typed in the widget above reached the Rasa or action server logs."""
    logs = servers.log("rasa") + servers.log("actions")
    assert logs, "no logs were captured"
    for typed in ("DROP TABLE", "पीछा करता", "बहुतलंबाशब्द", "मेरा नाम नहीं", "hello there", "ऑनलाइन सुरक्षा सलाह"):
        assert typed not in logs
