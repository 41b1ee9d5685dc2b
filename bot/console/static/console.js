// Console behaviour: the live queue and the case conversation poll the server; replies go by fetch.
// Same-origin only; the CSRF token comes from the page.
(function () {
  "use strict";
  var csrf = document.body.getAttribute("data-csrf");
  var POLL_MS = 700;
  // The page's words in her language (texts/console.yml js.* and the code names), put in by the server.
  var textsEl = document.getElementById("console-texts");
  var TEXTS = textsEl ? JSON.parse(textsEl.textContent || "{}") : {};
  function t(key, params) {
    var text = Object.prototype.hasOwnProperty.call(TEXTS, key) ? TEXTS[key] : key;
    Object.keys(params || {}).forEach(function (name) { text = text.split("{" + name + "}").join(String(params[name])); });
    return text;
  }
  function named(prefix, code) {  // a stored code by its name, or the code itself
    var key = prefix + "." + code;
    return Object.prototype.hasOwnProperty.call(TEXTS, key) ? TEXTS[key] : String(code == null ? "" : code);
  }

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text == null ? "" : String(text);
    if (cls) td.className = cls;
    row.appendChild(td);
    return td;
  }

  // --- live queue ---
  var queue = document.getElementById("queue");
  if (queue) {
    var body = queue.querySelector("tbody");
    var announce = document.getElementById("queue-announce");
    var lastAnnounced = "";
    var refreshQueue = function () {
      fetch(queue.getAttribute("data-queue-url"), { credentials: "same-origin" })
        .then(function (r) { if (r.status === 401) { location.href = "/login"; } return r.json(); })
        .then(function (data) {
          body.textContent = "";
          if (!data.cases.length) {
            var empty = document.createElement("tr");
            cell(empty, t("js.nobody_waiting")).colSpan = 8;
            body.appendChild(empty);
          }
          data.cases.forEach(function (c) {
            var tr = document.createElement("tr");
            tr.className = "case-row status-" + c.status + (c.urgent ? " urgent" : "");
            tr.setAttribute("data-case", c.id);
            cell(tr, c.id);
            cell(tr, named("handoff_status", c.status) + (c.urgent ? " · " + t("js.urgent") : ""));
            cell(tr, c.waiting_since || "");
            cell(tr, named("channel", c.channel));
            cell(tr, named("chat_language", c.language));
            cell(tr, named("trigger", c.trigger));
            cell(tr, c.claimed_by || "").setAttribute("translate", "no");  // a name: data, not words to translate
            var open = cell(tr, "");
            var a = document.createElement("a");
            a.href = "/cases/" + c.id;
            a.textContent = c.status === "waiting" ? t("js.open") : (c.mine ? t("js.continue") : t("js.view"));
            a.className = "open-case";
            open.appendChild(a);
            body.appendChild(tr);
          });
          // A screen reader hears the queue change (not every poll: only when the counts change).
          var waiting = data.cases.filter(function (c) { return c.status === "waiting"; }).length;
          var urgent = data.cases.filter(function (c) { return c.urgent; }).length;
          var summary = t("js.queue_count", { waiting: waiting, urgent: urgent });
          if (announce && summary !== lastAnnounced) { announce.textContent = summary; lastAnnounced = summary; }
        })
        .catch(function () { /* next round */ });
    };
    refreshQueue();
    setInterval(refreshQueue, 1500);
  }

  // The session ended (30 minutes without activity, or logged out elsewhere): back to the login page.
  function loggedIn(r) {
    if (r.status === 401) { window.location.href = "/login"; throw new Error("logged out"); }
    return r.json();
  }

  // --- case conversation ---
  var list = document.getElementById("messages");
  if (list) {
    var last = 0;
    var url = list.getAttribute("data-url");
    var statusEl = document.getElementById("case-status");
    var poll = function () {
      fetch(url + "?after=" + last, { credentials: "same-origin" })
        .then(loggedIn)
        .then(function (data) {
          (data.messages || []).forEach(function (m) {
            var li = document.createElement("li");
            li.className = "msg from-" + m.from;
            li.setAttribute("data-ts", m.ts);
            var who = document.createElement("span");
            who.className = "who";
            who.textContent = m.from === "her" ? t("js.she") : (m.from === "counsellor" ? t("js.counsellor") : t("js.bot"));
            var text = document.createElement("span");
            text.className = "text";
            text.textContent = m.text;
            li.appendChild(who);
            li.appendChild(text);
            list.appendChild(li);
            last = Math.max(last, m.ts);
          });
          if (data.messages && data.messages.length) list.scrollTop = list.scrollHeight;
          if (statusEl && data.status) statusEl.textContent = named("handoff_status", data.status);
          if (data.urgent && !document.getElementById("urgent")) {
            var tag = document.createElement("span");
            tag.id = "urgent";
            tag.className = "urgent-tag";
            tag.textContent = t("js.urgent");
            statusEl.parentNode.appendChild(tag);
          }
        })
        .catch(function () { /* next round */ })
        .then(function () { setTimeout(poll, POLL_MS); });
    };
    poll();
  }

  var form = document.getElementById("reply-form");
  if (form) {
    var box = document.getElementById("reply");
    var error = document.getElementById("reply-error");
    var sendReply = function (event) {
      if (event) event.preventDefault();
      var text = box.value.trim();
      if (!text) return;
      error.textContent = "";
      fetch(form.getAttribute("data-url"), {
        method: "POST", credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ text: text })
      }).then(function (r) {
        if (r.ok) { box.value = ""; } else { error.textContent = t("js.not_delivered_status", { status: r.status }); }
      }).catch(function () { error.textContent = t("js.not_delivered"); });
    };
    form.addEventListener("submit", sendReply);
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.shiftKey) sendReply(event);
    });
  }
})();
