// Local chat page for the Rasa socket.io channel. The embeddable widget for wcso.in replaces it.
// History lives in sessionStorage only: closing the tab leaves nothing on her device.
(function () {
  "use strict";
  // The run command passes the Rasa server in ?server=...; 5005 on this host otherwise.
  var server = window.HS_SERVER || new URLSearchParams(location.search).get("server") ||
    ("http://" + location.hostname + ":5005");
  var log = document.getElementById("log");
  var form = document.getElementById("composer");
  var input = document.getElementById("input");
  var store = window.sessionStorage;
  var sessionId = store.getItem("hs_session") || (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2));
  store.setItem("hs_session", sessionId);
  var history = JSON.parse(store.getItem("hs_history") || "[]");

  function remember(entry) { history.push(entry); store.setItem("hs_history", JSON.stringify(history.slice(-200))); }

  function render(entry) {
    var item = document.createElement("li");
    item.className = "msg " + entry.from;
    item.textContent = entry.text || "";
    if (entry.buttons && entry.buttons.length) {
      var row = document.createElement("div");
      row.className = "buttons";
      entry.buttons.forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.addEventListener("click", function () { send(b.payload, b.title); });
        row.appendChild(button);
      });
      item.appendChild(row);
    }
    log.appendChild(item);
    log.scrollTop = log.scrollHeight;
  }

  history.forEach(render);
  var socket = io(server, { path: "/socket.io", transports: ["websocket", "polling"] });
  socket.on("connect", function () { socket.emit("session_request", { session_id: sessionId }); });
  socket.on("bot_uttered", function (m) {
    var entry = { from: "bot", text: m.text, buttons: (m.quick_replies || m.buttons || []).map(function (b) {
      return { title: b.title, payload: b.payload };
    }) };
    remember(entry);
    render(entry);
  });

  function send(payload, shown) {
    var entry = { from: "user", text: shown };
    remember(entry);
    render(entry);
    socket.emit("user_uttered", { message: payload, session_id: sessionId });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text, text);
  });
})();
