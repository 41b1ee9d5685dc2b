/*! Hamari Suraksha chat widget for wcso.in. Apache-2.0. Embeds with one script tag:
 *
 *   <script>window.HamariSuraksha = { socketUrl: "https://chat.wcso.in", neutralUrl: "https://..." };</script>
 *   <script src="/hamari/hamari-widget.js" async></script>
 *
 * (or data-socket-url / data-neutral-url / data-lang / data-socket-path on the script tag).
 * It loads hamari-widget.css and socket.io.min.js from its own folder: no third-party requests.
 * The conversation lives in sessionStorage only; Quick exit (or Esc twice) erases it, closes the
 * socket and replaces the page with a neutral site so Back does not return here.
 */
(function () {
  "use strict";
  if (window.__hamariSurakshaLoaded) return;
  window.__hamariSurakshaLoaded = true;

  var script = document.currentScript || document.querySelector("script[src*='hamari-widget.js']");
  var base = script ? script.src.replace(/[^\/]*$/, "") : "";
  var given = window.HamariSuraksha || {};
  var data = (script && script.dataset) || {};
  var config = {
    socketUrl: given.socketUrl || data.socketUrl || (location.protocol + "//" + location.hostname + ":5005"),
    socketPath: given.socketPath || data.socketPath || "/socket.io",
    neutralUrl: given.neutralUrl || data.neutralUrl || "https://mausam.imd.gov.in/",
    lang: given.lang || data.lang || document.documentElement.lang || navigator.language || "hi"
  };

  // Everything we keep, under one prefix, so Quick exit can remove exactly our keys.
  var PREFIX = "hamari.";
  var MAX_HISTORY = 200;
  var ESC_WINDOW_MS = 1500;
  var memory = {};  // stands in when the browser blocks sessionStorage
  var store = {
    get: function (key) {
      try { return window.sessionStorage.getItem(PREFIX + key); } catch (e) { return memory[key] || null; }
    },
    set: function (key, value) {
      try { window.sessionStorage.setItem(PREFIX + key, value); } catch (e) { memory[key] = value; }
    }
  };

  function eraseOurStorage() {
    memory = {};
    [window.sessionStorage, window.localStorage].forEach(function (area) {
      try {
        for (var i = area.length - 1; i >= 0; i--) {
          var key = area.key(i);
          if (key && key.indexOf(PREFIX) === 0) area.removeItem(key);
        }
      } catch (e) { /* storage blocked: nothing of ours is in it */ }
    });
  }

  var STRINGS = {
    hi: {
      launcher: "मदद चाहिए? बात करें",
      title: "हमारी सुरक्षा · 1090",
      subtitle: "वीमेन पावर लाइन 1090 · ख़तरे में हों तो 112 या 1090 पर फ़ोन करें",
      exit: "तुरंत बाहर निकलें",
      exitLabel: "तुरंत बाहर निकलें: यह पेज तुरंत बदल जाएगा (या Esc दो बार दबाएँ)",
      minimise: "चैट छोटा करें",
      switchLang: "English",
      switchLabel: "Switch the chat to English",
      log: "बातचीत",
      you: "आप: ",
      bot: "हमारी सुरक्षा: ",
      welcome: "नमस्ते। हिंदी, Hinglish या English में लिखें। अपनी पहचान बताना ज़रूरी नहीं है।",
      note: "जल्दी निकलना हो तो \"तुरंत बाहर निकलें\" दबाएँ या Esc दो बार दबाएँ: यह पेज एक सामान्य वेबसाइट से बदल जाएगा। यह बातचीत आपके फ़ोन या कंप्यूटर पर सहेजी नहीं जाती; टैब बंद करते ही मिट जाती है।",
      noteOk: "ठीक है",
      inputLabel: "आपका संदेश",
      placeholder: "यहाँ लिखें…",
      send: "भेजें",
      typing: "हमारी सुरक्षा लिख रही है…",
      reconnecting: "कनेक्शन टूट गया। दोबारा जोड़ रहे हैं… आपकी बातचीत सुरक्षित है।",
      queued: "कनेक्शन मिलते ही भेजा जाएगा",
      unsure: "शायद नहीं पहुँचा।",
      resend: "फिर से भेजें"
    },
    "hi-Latn": {
      launcher: "Madad chahiye? Baat karein",
      title: "Hamari Suraksha · 1090",
      subtitle: "Women Power Line 1090 · Khatre mein hon to 112 ya 1090 par call karein",
      exit: "Turant bahar niklein",
      exitLabel: "Turant bahar niklein: yeh page turant badal jayega (ya Esc do baar dabayein)",
      minimise: "Chat chhota karein",
      switchLang: "English",
      switchLabel: "Switch the chat to English",
      log: "Baatcheet",
      you: "Aap: ",
      bot: "Hamari Suraksha: ",
      welcome: "Namaste. Hindi, Hinglish ya English mein likhein. Apni pehchaan batana zaroori nahi hai.",
      note: "Jaldi nikalna ho to \"Turant bahar niklein\" dabayein ya Esc do baar dabayein: yeh page ek aam website se badal jayega. Yeh baatcheet aapke phone ya computer par save nahi hoti; tab band karte hi mit jaati hai.",
      noteOk: "Theek hai",
      inputLabel: "Aapka sandesh",
      placeholder: "Yahan likhein…",
      send: "Bhejein",
      typing: "Hamari Suraksha likh rahi hai…",
      reconnecting: "Connection toot gaya. Dobara jod rahe hain… Aapki baatcheet surakshit hai.",
      queued: "Connection milte hi bheja jayega",
      unsure: "Shayad nahi pahuncha.",
      resend: "Phir se bhejein"
    },
    en: {
      launcher: "Need help? Chat with us",
      title: "Hamari Suraksha · 1090",
      subtitle: "Women Power Line 1090 · In danger, call 112 or 1090",
      exit: "Quick exit",
      exitLabel: "Quick exit: leave this page now (or press Esc twice)",
      minimise: "Minimise chat",
      switchLang: "हिंदी",
      switchLabel: "चैट हिंदी में करें",
      log: "Conversation",
      you: "You: ",
      bot: "Hamari Suraksha: ",
      welcome: "Namaste. Write in Hindi, Hinglish or English. You do not have to tell us who you are.",
      note: "To leave quickly, press \"Quick exit\" or Esc twice: this page is replaced by a neutral website. This chat is not stored on your device; it is gone when you close this tab.",
      noteOk: "OK",
      inputLabel: "Your message",
      placeholder: "Type here…",
      send: "Send",
      typing: "Hamari Suraksha is typing…",
      reconnecting: "Connection lost. Reconnecting… Your conversation is kept.",
      queued: "Will be sent when the connection is back",
      unsure: "May not have been delivered.",
      resend: "Send again"
    }
  };

  // "hi" Devanagari, "hi-Latn" romanized Hindi, "en": the bot's own language codes.
  function pageLanguage(code) {
    if (/^hi-latn\b/i.test(code)) return "hi-Latn";
    return /^hi\b/i.test(code) ? "hi" : "en";
  }

  // The bot's replies follow her script (the conversation's language slot); the interface follows
  // them. Devanagari is Hindi; Latin text is romanized Hindi or English by its grammar words, which
  // our own replies always have (tests/unit/test_widget_files.py checks every reply in domain.yml).
  var HINGLISH_WORDS = /(^|[^a-z])(hai|hain|hoon|hon|aap|aapka|aapki|aapke|aapko|karein|karen|kar|karna|karti|karte|ki|ka|ke|ko|se|mein|main|nahi|kya|yeh|woh|aur|bhi|par|liye|apni|apna|apne|sakti|sakte|hum|jab|tak|abhi|koi|kuch|ya|dijiye|likhein|chahti|chahengi|gaya|gayi|raha|rahi|wala|wali|diya|hua|hui)(?![a-z])/gi;
  var ENGLISH_WORDS = /(^|[^a-z])(the|you|your|to|and|is|are|of|for|in|we|can|this|that|with|be|will|it|or|please|our|if|not|an|a|on|at|from|my|i|what|have|has|do|does|was|were|would|could|when|how|any|there)(?![a-z])/gi;

  function replyLanguage(text) {
    text = String(text || "");
    if (/[\u0900-\u097f]/.test(text)) return "hi";
    var hinglish = (text.match(HINGLISH_WORDS) || []).length;
    var english = (text.match(ENGLISH_WORDS) || []).length;
    if (hinglish === english) return null;
    return hinglish > english ? "hi-Latn" : "en";
  }

  var lang = store.get("lang") || pageLanguage(config.lang);
  if (!STRINGS[lang]) lang = "en";
  var sessionId = store.get("session");
  var history = [];
  try { history = JSON.parse(store.get("history") || "[]"); } catch (e) { history = []; }
  if (!Array.isArray(history)) history = [];
  // Messages sent by a page that is gone: they may or may not have arrived; she decides.
  history.forEach(function (entry) { if (entry.state === "pending") entry.state = "unsure"; });

  var socket = null, confirmed = false, exiting = false, lastEscape = 0, ioLoading = false;
  var bubbles = {};  // entry id -> <li>

  // ---- DOM ----------------------------------------------------------------------------------
  function el(tag, className, attrs) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    for (var name in attrs || {}) node.setAttribute(name, attrs[name]);
    return node;
  }

  var css = el("link", null, { rel: "stylesheet", href: base + "hamari-widget.css" });
  var root = el("div", "hs-root", { id: "hamari-suraksha-widget" });
  var exitButton = el("button", "hs-exit", { type: "button" });
  var launcher = el("button", "hs-launcher", { type: "button", "aria-expanded": "false",
    "aria-controls": "hs-panel" });
  var panel = el("section", "hs-panel", { id: "hs-panel", "aria-labelledby": "hs-title" });
  var header = el("header", "hs-header");
  var titles = el("div", "hs-titles");
  var title = el("h2", "hs-title", { id: "hs-title" });
  var subtitle = el("p", "hs-subtitle");
  var tools = el("div", "hs-tools");
  var langButton = el("button", "hs-tool hs-lang", { type: "button" });
  var closeButton = el("button", "hs-tool hs-close", { type: "button" });
  var note = el("div", "hs-note", { role: "note", tabindex: "-1", id: "hs-note" });
  var noteText = el("p");
  var noteOk = el("button", "hs-note-ok", { type: "button" });
  var log = el("ol", "hs-log", { role: "log", "aria-live": "polite", "aria-relevant": "additions",
    tabindex: "0" });
  var welcome = el("li", "hs-msg hs-bot hs-welcome");
  var banner = el("p", "hs-banner", { role: "status" });
  var typing = el("p", "hs-typing", { "aria-hidden": "true" });
  var form = el("form", "hs-form", { autocomplete: "off" });
  var label = el("label", "hs-visually-hidden", { "for": "hs-input" });
  // One message holds up to 20,000 characters (the server's limit for the web chat, bot/channels/gate.py);
  // a longer account is sent in parts and the complaint form joins them, up to 50,000 in all.
  var input = el("textarea", "hs-input", { id: "hs-input", rows: "1", maxlength: "20000",
    enterkeyhint: "send" });
  var sendButton = el("button", "hs-send", { type: "submit" });

  closeButton.textContent = "–";
  titles.appendChild(title);
  titles.appendChild(subtitle);
  tools.appendChild(langButton);
  tools.appendChild(closeButton);
  header.appendChild(titles);
  header.appendChild(tools);
  note.appendChild(noteText);
  note.appendChild(noteOk);
  log.appendChild(welcome);
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(sendButton);
  [header, note, log, banner, typing, form].forEach(function (n) { panel.appendChild(n); });
  [exitButton, launcher, panel].forEach(function (n) { root.appendChild(n); });
  note.hidden = true;
  banner.hidden = true;
  typing.hidden = true;
  panel.hidden = true;

  function t(key) { return STRINGS[lang][key]; }

  function applyStrings() {
    root.setAttribute("lang", lang);
    exitButton.textContent = t("exit");
    exitButton.setAttribute("aria-label", t("exitLabel"));
    launcher.textContent = t("launcher");
    title.textContent = t("title");
    subtitle.textContent = "";
    appendText(subtitle, t("subtitle"));
    langButton.textContent = t("switchLang");
    langButton.setAttribute("aria-label", t("switchLabel"));
    langButton.setAttribute("lang", lang === "en" ? "hi" : "en");
    closeButton.setAttribute("aria-label", t("minimise"));
    closeButton.title = t("minimise");
    noteText.textContent = t("note");
    noteOk.textContent = t("noteOk");
    log.setAttribute("aria-label", t("log"));
    welcome.textContent = t("welcome");
    banner.textContent = t("reconnecting");
    typing.textContent = t("typing");
    label.textContent = t("inputLabel");
    input.setAttribute("placeholder", t("placeholder"));
    sendButton.textContent = t("send");
    history.forEach(function (entry) {
      var item = bubbles[entry.id];
      if (item) item.querySelector(".hs-who").textContent = entry.from === "user" ? t("you") : t("bot");
      if (entry.from === "user") showState(entry);
    });
  }

  // ---- messages -----------------------------------------------------------------------------
  var EMERGENCY_NUMBERS = /(^|[^\d])(112|1090|181|14416)(?!\d)/g;

  function appendText(node, text) {
    // The helpline numbers become tap-to-call links; everything else stays plain text.
    var last = 0, match;
    EMERGENCY_NUMBERS.lastIndex = 0;
    while ((match = EMERGENCY_NUMBERS.exec(text))) {
      var start = match.index + match[1].length;
      node.appendChild(document.createTextNode(text.slice(last, start)));
      var link = el("a", "hs-tel", { href: "tel:" + match[2] });
      link.textContent = match[2];
      node.appendChild(link);
      last = start + match[2].length;
    }
    node.appendChild(document.createTextNode(text.slice(last)));
  }

  function render(entry) {
    var item = el("li", "hs-msg " + (entry.from === "user" ? "hs-user" : "hs-bot"));
    if (/[\u0900-\u097f]/.test(entry.text || "")) item.setAttribute("lang", "hi");
    var who = el("span", "hs-visually-hidden hs-who");
    who.textContent = entry.from === "user" ? t("you") : t("bot");
    item.appendChild(who);
    var body = el("span", "hs-text");
    appendText(body, entry.text || "");
    item.appendChild(body);
    if (entry.buttons && entry.buttons.length) {
      var row = el("div", "hs-buttons");
      entry.buttons.forEach(function (choice) {
        var button = el("button", "hs-choice", { type: "button" });
        button.textContent = choice.title;
        button.addEventListener("click", function () { send(choice.payload, choice.title); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    if (entry.from === "user") item.appendChild(el("span", "hs-state"));
    log.appendChild(item);
    bubbles[entry.id] = item;
    if (entry.from === "user") showState(entry);
    log.scrollTop = log.scrollHeight;
  }

  function showState(entry) {
    var item = bubbles[entry.id];
    if (!item) return;
    var state = item.querySelector(".hs-state");
    state.textContent = "";
    item.setAttribute("data-state", entry.state || "sent");
    if (entry.state === "queued") state.textContent = t("queued");
    if (entry.state === "unsure") {
      state.textContent = t("unsure") + " ";
      var again = el("button", "hs-resend", { type: "button" });
      again.textContent = t("resend");
      again.addEventListener("click", function () {
        entry.state = "sent";  // the old bubble stops asking; the new one carries the message
        save();
        showState(entry);
        send(entry.payload, entry.text, entry.messageId || entry.id);
      });
      state.appendChild(again);
    }
  }

  function save() {
    if (exiting) return;
    if (history.length > MAX_HISTORY) history = history.slice(-MAX_HISTORY);
    // sessionStorage holds about 5 MB: when full, the oldest messages make room (the server keeps all).
    var kept = history;
    for (;;) {
      try {
        window.sessionStorage.setItem(PREFIX + "history", JSON.stringify(kept));
        return;
      } catch (e) {
        if (kept.length <= 1) { memory.history = JSON.stringify(history); return; }
        kept = kept.slice(Math.ceil(kept.length / 2));
      }
    }
  }

  function newId() {
    return (window.crypto && crypto.randomUUID) ? crypto.randomUUID().replace(/-/g, "")
      : Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function updateTyping() {
    typing.hidden = !history.some(function (entry) { return entry.state === "pending"; });
  }

  function remember(entry) {
    history.push(entry);
    save();
    render(entry);
  }

  // Each message is emitted at most once: queued while offline and sent after the session is
  // confirmed; if the connection drops before the server acknowledges it, she is asked.
  function emit(entry) {
    entry.state = "pending";
    save();
    showState(entry);
    updateTyping();
    // The message's id goes with it: sent again (a replica died before answering), it is answered
    // once, from the saved turn (bot/rasa_patches/retried_messages.py).
    socket.emit("user_uttered", { message: entry.payload, session_id: sessionId,
                                  metadata: { message_id: entry.messageId || entry.id } }, function () {
      entry.state = "sent";
      save();
      showState(entry);
      updateTyping();
    });
  }

  function send(payload, shown, messageId) {
    if (exiting || !payload) return;
    var entry = { id: newId(), from: "user", text: shown, payload: payload, state: "queued" };
    if (messageId) entry.messageId = messageId;
    remember(entry);
    connect();
    if (socket && socket.connected && confirmed) emit(entry);
  }

  function flushQueue() {
    history.forEach(function (entry) { if (entry.state === "queued") emit(entry); });
  }

  // A reply in another language than the last one (her script changed, or she asked): the interface
  // follows. A choice she made with the language button holds until then.
  function followReplies(text) {
    var spoken = replyLanguage(text);
    if (!spoken || spoken === store.get("replyLang")) return;
    store.set("replyLang", spoken);
    if (spoken === lang) return;
    lang = spoken;
    store.set("lang", lang);
    applyStrings();
  }

  // ---- the socket -----------------------------------------------------------------------------
  function loadSocketIo(then) {
    if (ioLoading) return;
    ioLoading = true;
    var previous = window.io;
    var tag = el("script", null, { src: base + "socket.io.min.js" });
    tag.onload = function () {
      var ours = window.io;
      if (previous) window.io = previous;  // leave the host page's own socket.io alone
      then(ours);
    };
    tag.onerror = function () { ioLoading = false; banner.hidden = false; };
    document.head.appendChild(tag);
  }

  function connect() {
    if (socket || ioLoading || exiting) return;
    if (!sessionId) {
      sessionId = newId();
      store.set("session", sessionId);
    }
    loadSocketIo(function (io) {
      if (exiting) return;
      socket = io(config.socketUrl, { path: config.socketPath, transports: ["websocket", "polling"],
        reconnectionDelayMax: 5000 });
      socket.on("connect", function () {
        banner.hidden = true;
        socket.emit("session_request", { session_id: sessionId });
      });
      socket.on("session_confirm", function () {
        confirmed = true;
        flushQueue();
      });
      socket.on("bot_uttered", function (message) {
        if (exiting || !message) return;
        var choices = message.quick_replies || message.buttons || [];
        var text = message.text || "";
        if (!text && !choices.length) return;  // images and custom payloads: nothing to show yet
        remember({ id: newId(), from: "bot", text: text, buttons: choices.map(function (b) {
          return { title: String(b.title), payload: String(b.payload) };
        }) });
        followReplies(text);
      });
      socket.on("disconnect", function (reason) {
        confirmed = false;
        if (exiting) return;
        banner.hidden = false;
        history.forEach(function (entry) {
          if (entry.state === "pending") { entry.state = "unsure"; showState(entry); }
        });
        save();
        updateTyping();
        if (reason === "io server disconnect") socket.connect();  // the server will not retry for us
      });
      socket.on("connect_error", function () { if (!exiting) banner.hidden = false; });
    });
  }

  // ---- open, close, leave -------------------------------------------------------------------
  function open(focus) {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    store.set("open", "1");
    connect();
    if (!store.get("noteSeen")) {
      store.set("noteSeen", "1");
      note.hidden = false;
      if (focus) note.focus();
    } else if (focus) {
      input.focus();
    }
    log.scrollTop = log.scrollHeight;
  }

  function close() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    store.set("open", "");
    launcher.focus();
  }

  function quickExit() {
    exiting = true;
    eraseOurStorage();
    try { root.parentNode && root.parentNode.removeChild(root); } catch (e) { /* leaving anyway */ }
    try { closeSocketNow(); } catch (e) { /* leaving anyway */ }
    window.location.replace(config.neutralUrl);
  }

  function closeSocketNow() {
    if (!socket) return;
    socket.disconnect();  // sends the server a "she left" packet
    // engine.io closes only after that packet drains, which can be after the page has gone; close
    // the transport now so her session ends on the server at once, not whenever the tab dies.
    var engine = socket.io && socket.io.engine;
    if (engine && engine.transport) engine.transport.close();
  }

  exitButton.addEventListener("click", quickExit);
  launcher.addEventListener("click", function () { open(true); });
  closeButton.addEventListener("click", close);
  noteOk.addEventListener("click", function () { note.hidden = true; input.focus(); });
  langButton.addEventListener("click", function () {
    lang = lang === "en" ? "hi" : "en";
    store.set("lang", lang);
    applyStrings();
    langButton.focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text, text);
  });
  input.addEventListener("keydown", function (event) {
    // Enter sends, Shift+Enter starts a new line.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      if (form.requestSubmit) form.requestSubmit(); else form.dispatchEvent(new Event("submit"));
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var now = Date.now();
    if (now - lastEscape < ESC_WINDOW_MS) quickExit();
    lastEscape = now;
  }, true);

  window.HamariSuraksha = given;
  given.quickExit = quickExit;
  given.open = function () { open(true); };
  given.replyLanguage = replyLanguage;

  function start() {
    document.head.appendChild(css);
    document.body.appendChild(root);
    applyStrings();
    history.forEach(render);
    save();
    if (store.get("open")) open(false);
    else if (history.length) connect();  // a reload mid-conversation reconnects at once
  }

  if (document.body) start();
  else document.addEventListener("DOMContentLoaded", start);
})();
