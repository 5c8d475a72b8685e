/* AgentDesk web chat widget (issue 14). Served by the team server at /chat/widget.js;
 * embed with <script src="https://desk.example.co.kr/chat/widget.js" async></script>
 * (docs/webchat.md). Vanilla JS, no build step, no external fetches: it talks only to the
 * server it was loaded from (or data-server).
 *
 * Every text from the server or the visitor goes into the page with textContent, never
 * innerHTML. Korean input: Enter does not send while an IME composition is in progress
 * (compositionstart..compositionend, or a keydown the browser marks isComposing / 229).
 */
(function () {
  "use strict";
  if (window.__agentdeskChat) { return; }
  var script = document.currentScript || (function () {
    var all = document.querySelectorAll("script[src*='/chat/widget.js']");
    return all[all.length - 1];
  })();
  var data = (script && script.dataset) || {};
  var server = (data.server || (script && script.src ? new URL(script.src, location.href).origin : location.origin))
    .replace(/\/+$/, "");
  var lang = (data.lang || document.documentElement.lang || navigator.language || "en").toLowerCase();
  var ko = lang.indexOf("ko") === 0;

  var T = ko ? {
    open: "상담 채팅", title: data.title || "무엇을 도와드릴까요?", placeholder: "메시지를 입력하세요",
    send: "보내기", close: "닫기", agentTyping: "상담원이 입력 중…", connecting: "연결 중…",
    offline: "연결이 끊겼습니다. 다시 연결하는 중…", you: "나", agent: "상담원",
    afterHours: "지금은 상담 시간이 아닙니다. 이메일을 남겨 주시면 답변을 보내 드리겠습니다.",
    hours: "상담 시간: ", email: "이메일 주소", question: "문의 내용", leave: "남기기",
    thanks: "감사합니다. 이메일로 답변 드리겠습니다.", failed: "보내지 못했습니다. 다시 시도해 주세요.",
    errors: { "too-long": "메시지가 너무 깁니다.", "empty": "메시지를 입력하세요.", "email": "이메일 주소를 확인해 주세요.",
      "rate": "너무 빠르게 보내고 있습니다. 잠시 후 다시 시도해 주세요.", "origin": "이 사이트에서는 채팅을 사용할 수 없습니다.",
      "unavailable": "지금은 채팅을 사용할 수 없습니다." }
  } : {
    open: "Chat with us", title: data.title || "How can we help?", placeholder: "Type a message",
    send: "Send", close: "Close", agentTyping: "Agent is typing…", connecting: "Connecting…",
    offline: "Connection lost. Reconnecting…", you: "You", agent: "Agent",
    afterHours: "We are away right now. Leave your email and we will reply.",
    hours: "Hours: ", email: "Email address", question: "Your question", leave: "Send",
    thanks: "Thank you. We will reply by email.", failed: "Not sent. Please try again.",
    errors: { "too-long": "The message is too long.", "empty": "Type a message first.",
      "email": "Please check the email address.", "rate": "You are sending too fast. Please wait a moment.",
      "origin": "Chat is not available on this site.", "unavailable": "Chat is not available right now." }
  };
  var MAX_TEXT = 2000; // chat_rules.MAX_TEXT: said early here, enforced by the server
  var storeKey = "agentdesk-chat:" + server;

  // --- state -----------------------------------------------------------------------------
  var token = null;
  try { token = window.localStorage.getItem(storeKey); } catch (e) { token = null; }
  var afterHours = false, hoursText = "";
  var composing = false;
  var typingSent = false, typingTimer = null, agentTypingTimer = null;
  var streamAbort = null, retryDelay = 1000, streamWanted = false;
  var shown = {}; // message ids on screen
  var pending = []; // {id, text} sent by the visitor, not yet in a history

  // --- the DOM ---------------------------------------------------------------------------
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }
  var css = ".adc-root{position:fixed;right:20px;bottom:20px;z-index:2147483000;font:14px/1.45 system-ui,'Apple SD Gothic Neo','Malgun Gothic','Noto Sans KR',sans-serif;color:#1d2330}" +
    ".adc-root.adc-standalone{position:static;max-width:520px;margin:24px auto}" +
    ".adc-button{background:#2456d6;color:#fff;border:0;border-radius:24px;padding:12px 20px;font:inherit;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.2)}" +
    ".adc-panel{display:none;flex-direction:column;width:340px;height:480px;background:#fff;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.22);overflow:hidden}" +
    ".adc-standalone .adc-panel{width:auto;height:80vh}" +
    ".adc-open .adc-panel{display:flex}.adc-open .adc-button{display:none}" +
    ".adc-head{background:#2456d6;color:#fff;padding:12px 14px;display:flex;justify-content:space-between;align-items:center}" +
    ".adc-head button{background:none;border:0;color:#fff;font-size:18px;cursor:pointer}" +
    ".adc-log{flex:1;overflow-y:auto;padding:12px;background:#f5f7fb}" +
    ".adc-msg{max-width:80%;margin:6px 0;padding:8px 11px;border-radius:12px;white-space:pre-wrap;word-wrap:break-word}" +
    ".adc-visitor{margin-left:auto;background:#2456d6;color:#fff}.adc-agent{background:#fff;border:1px solid #dde3ee}" +
    ".adc-name{display:block;font-size:11px;color:#667}.adc-failed{opacity:.6}" +
    ".adc-status,.adc-typing{font-size:12px;color:#667;padding:2px 12px;min-height:18px}" +
    ".adc-form{display:flex;border-top:1px solid #dde3ee}" +
    ".adc-input{flex:1;border:0;padding:10px;font:inherit;resize:none;height:44px}" +
    ".adc-send{border:0;background:#2456d6;color:#fff;padding:0 16px;font:inherit;cursor:pointer}" +
    ".adc-away{padding:12px;display:flex;flex-direction:column;gap:8px}" +
    ".adc-away input,.adc-away textarea{font:inherit;padding:8px;border:1px solid #ccd}";

  var root = el("div", "adc-root" + (data.standalone === "true" ? " adc-standalone" : ""));
  root.setAttribute("lang", ko ? "ko" : "en");
  var style = el("style");
  style.textContent = css;
  var button = el("button", "adc-button", T.open);
  button.type = "button";
  var panel = el("div", "adc-panel");
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", T.title);
  var head = el("div", "adc-head");
  head.appendChild(el("span", "adc-title", T.title));
  var closeButton = el("button", "adc-close", "×");
  closeButton.type = "button";
  closeButton.setAttribute("aria-label", T.close);
  head.appendChild(closeButton);
  var log = el("div", "adc-log");
  log.setAttribute("aria-live", "polite");
  var typing = el("div", "adc-typing");
  var status = el("div", "adc-status");
  var form = el("form", "adc-form");
  var input = el("textarea", "adc-input");
  input.placeholder = T.placeholder;
  input.maxLength = MAX_TEXT;
  input.setAttribute("aria-label", T.placeholder);
  var send = el("button", "adc-send", T.send);
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  var away = el("form", "adc-away");
  away.style.display = "none";
  var awayText = el("p", "adc-away-text", T.afterHours);
  var awayHours = el("small", "adc-hours");
  var awayEmail = el("input", "adc-email");
  awayEmail.type = "email";
  awayEmail.placeholder = T.email;
  awayEmail.required = true;
  var awayQuestion = el("textarea", "adc-question");
  awayQuestion.placeholder = T.question;
  awayQuestion.maxLength = MAX_TEXT;
  var awaySend = el("button", "adc-send adc-leave", T.leave);
  awaySend.type = "submit";
  [awayText, awayHours, awayEmail, awayQuestion, awaySend].forEach(function (n) { away.appendChild(n); });
  [head, log, typing, status, form, away].forEach(function (n) { panel.appendChild(n); });
  root.appendChild(style);
  root.appendChild(button);
  root.appendChild(panel);

  function mount() { document.body.appendChild(root); if (data.open === "true") { open(); } }

  // --- messages on screen ------------------------------------------------------------------
  function addMessage(m) {
    if (m.id && shown[m.id]) { return null; }
    var who = m.from === "agent" ? "agent" : "visitor";
    var bubble = el("div", "adc-msg adc-" + who);
    if (who === "agent") { bubble.appendChild(el("span", "adc-name", m.name || T.agent)); }
    bubble.appendChild(el("span", "adc-text", m.text));
    if (m.id) { shown[m.id] = true; bubble.setAttribute("data-id", m.id); }
    log.appendChild(bubble);
    log.scrollTop = log.scrollHeight;
    return bubble;
  }
  function render(messages) {
    while (log.firstChild) { log.removeChild(log.firstChild); }
    shown = {};
    messages.forEach(addMessage);
    pending.forEach(function (p) { p.bubble = addMessage({ from: "visitor", text: p.text }); });
  }
  function setStatus(text) { status.textContent = text || ""; }
  function showAgentTyping(on) {
    typing.textContent = on ? T.agentTyping : "";
    clearTimeout(agentTypingTimer);
    if (on) { agentTypingTimer = setTimeout(function () { typing.textContent = ""; }, 10000); }
  }
  function errorText(kind) { return T.errors[kind] || T.failed; }

  // --- the API -----------------------------------------------------------------------------
  function api(path, body) {
    var headers = { "Content-Type": "application/json" };
    if (token) { headers.Authorization = "Bearer " + token; }
    return fetch(server + "/chat/api/" + path, {
      method: "POST", headers: headers, body: JSON.stringify(body || {}), mode: "cors", credentials: "omit"
    }).then(function (r) {
      if (r.status === 204) { return {}; }
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) { var e = new Error(j.error || ("HTTP " + r.status)); e.kind = j.kind; e.status = r.status; throw e; }
        return j;
      });
    });
  }
  function forget() {
    token = null;
    try { window.localStorage.removeItem(storeKey); } catch (e) { /* private mode */ }
  }
  function ensureStarted() {
    if (token) { return Promise.resolve(); }
    return api("start", {}).then(function (j) {
      token = j.token;
      afterHours = !!j.after_hours;
      hoursText = j.hours || "";
      try { window.localStorage.setItem(storeKey, token); } catch (e) { /* private mode */ }
    });
  }
  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = new Uint8Array(16);
    crypto.getRandomValues(b);
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function sendMessage(text, retried) {
    var item = { id: uuid(), text: text };
    pending.push(item);
    item.bubble = addMessage({ from: "visitor", text: text });
    setTyping(false);
    function attempt() {
      return api("message", { text: text, id: item.id }).then(function () {
        pending = pending.filter(function (p) { return p !== item; });
        if (item.bubble) { item.bubble.classList.remove("adc-failed"); }
        setStatus("");
        if (!streamAbort) { connect(); }
      });
    }
    return ensureStarted().then(attempt).catch(function (e) {
      if (e.status === 401 && !retried) {
        forget();
        pending = pending.filter(function (p) { return p !== item; });
        if (item.bubble && item.bubble.parentNode) { item.bubble.parentNode.removeChild(item.bubble); }
        return sendMessage(text, true);
      }
      if (item.bubble) { item.bubble.classList.add("adc-failed"); }
      setStatus(errorText(e.kind));
    });
  }

  // The visitor's typing: "on" at the first keystroke, "off" after 3 s without one (or on send).
  function setTyping(on) {
    clearTimeout(typingTimer);
    if (on) { typingTimer = setTimeout(function () { setTyping(false); }, 3000); }
    if (on === typingSent || !token) { return; }
    typingSent = on;
    api("typing", { on: on }).catch(function () { /* best effort */ });
  }

  // --- the live stream (Server-Sent Events over fetch, so the token stays in a header) ----
  function connect() {
    if (!token || streamAbort) { return; }
    streamWanted = true;
    var controller = new AbortController();
    streamAbort = controller;
    fetch(server + "/chat/api/stream", {
      headers: { Authorization: "Bearer " + token, Accept: "text/event-stream" }, signal: controller.signal,
      mode: "cors", credentials: "omit", cache: "no-store"
    }).then(function (r) {
      if (r.status === 401) { forget(); throw Object.assign(new Error("ended"), { ended: true }); }
      if (!r.ok || !r.body) { throw new Error("HTTP " + r.status); }
      setStatus("");
      retryDelay = 1000;
      var reader = r.body.getReader();
      var decoder = new TextDecoder();
      var buffer = "";
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { throw new Error("stream ended"); }
          buffer += decoder.decode(chunk.value, { stream: true });
          var cut;
          while ((cut = buffer.indexOf("\n\n")) >= 0) {
            dispatch(buffer.slice(0, cut));
            buffer = buffer.slice(cut + 2);
          }
          return pump();
        });
      }
      return pump();
    }).catch(function (e) {
      if (streamAbort === controller) { streamAbort = null; }
      if (controller.signal.aborted || e.ended || !streamWanted) { return; }
      setStatus(T.offline);
      setTimeout(connect, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    });
  }
  function dispatch(block) {
    var event = "message", payload = "";
    block.split("\n").forEach(function (line) {
      if (line.indexOf("event: ") === 0) { event = line.slice(7); } else if (line.indexOf("data: ") === 0) { payload += line.slice(6); }
    });
    if (!payload) { return; }
    var d;
    try { d = JSON.parse(payload); } catch (e) { return; }
    if (event === "history") {
      render(d.messages || []);
      afterHours = !!d.after_hours;
      hoursText = d.hours || hoursText;
      showMode();
    } else if (event === "message") {
      addMessage(d);
      if (d.from === "agent") { showAgentTyping(false); }
    } else if (event === "typing") { showAgentTyping(!!d.on); }
  }
  window.addEventListener("online", function () {
    if (streamWanted && !streamAbort) { retryDelay = 1000; connect(); }
  });

  // --- opening, sending, the after-hours form -------------------------------------------------
  function open() {
    root.classList.add("adc-open");
    setStatus(T.connecting);
    ensureStarted().then(function () {
      setStatus("");
      showMode();
      connect();
      input.focus();
    }).catch(function (e) { setStatus(errorText(e.kind)); });
  }
  // After hours a new conversation gets the email form; one already under way stays a chat.
  var emailLeft = false;
  function showMode() {
    var away_ = afterHours && !log.firstChild && !emailLeft;
    form.style.display = away_ ? "none" : "flex";
    away.style.display = away_ ? "flex" : "none";
    awayHours.textContent = hoursText ? T.hours + hoursText : "";
  }
  function closePanel() {
    root.classList.remove("adc-open");
    setTyping(false);
  }
  button.addEventListener("click", open);
  closeButton.addEventListener("click", closePanel);

  function submit() {
    var text = input.value.replace(/^\s+|\s+$/g, "");
    if (!text) { return; }
    if (text.length > MAX_TEXT) { setStatus(T.errors["too-long"]); return; }
    input.value = "";
    sendMessage(text);
  }
  form.addEventListener("submit", function (e) { e.preventDefault(); submit(); });
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; });
  input.addEventListener("keydown", function (e) {
    if (e.key !== "Enter" || e.shiftKey) { return; }
    // Mid-composition the Enter commits the syllable: it must not also send (the
    // classic double send / cut-off last syllable with Korean input).
    if (composing || e.isComposing || e.keyCode === 229) { return; }
    e.preventDefault();
    submit();
  });
  input.addEventListener("input", function () { if (input.value) { setTyping(true); } else { setTyping(false); } });

  away.addEventListener("submit", function (e) {
    e.preventDefault();
    var question = awayQuestion.value.replace(/^\s+|\s+$/g, "");
    api("email", { email: awayEmail.value, text: question, id: uuid() }).then(function () {
      emailLeft = true;
      while (away.firstChild) { away.removeChild(away.firstChild); }
      away.appendChild(el("p", "adc-thanks", T.thanks));
      if (question) { addMessage({ from: "visitor", text: question }); }
      away.style.display = "flex";
    }).catch(function (err) { setStatus(errorText(err.kind)); });
  });

  window.__agentdeskChat = { open: open, close: closePanel, server: server };
  if (document.body) { mount(); } else { document.addEventListener("DOMContentLoaded", mount); }
})();
