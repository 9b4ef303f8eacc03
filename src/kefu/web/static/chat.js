// The buyer's chat page. Keeps a buyer token in localStorage, shows the history,
// and talks over /ws/buyer: every send carries a client id, so a resend after a
// reconnect never duplicates; after reconnecting it resumes from the last id seen.
"use strict";

(() => {
  const $ = (id) => document.getElementById(id);
  const list = $("messages"), statusLine = $("status"), typingLine = $("typing");
  const seen = new Map();            // message id -> element
  const unacked = new Map();         // client id -> frame to resend
  let token = localStorage.getItem("kefu_buyer_token");
  let sessionId = null, lastSeenId = null, lastSeq = 0, socket = null, typingTimer = null;

  const params = new URLSearchParams(location.search);

  async function ensureToken() {
    if (params.get("customer_id") && params.get("sig")) {
      const response = await fetch("/api/v1/chat/identify", {
        method: "POST", headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ customer_id: params.get("customer_id"), expires: Number(params.get("expires")), sig: params.get("sig") }),
      });
      if (response.ok) { token = (await response.json()).token; localStorage.setItem("kefu_buyer_token", token); return; }
    }
    if (token) {
      const check = await fetch("/api/v1/chat/my-session", { headers: { Authorization: "Bearer " + token } });
      if (check.ok) return;
    }
    const response = await fetch("/api/v1/chat/visitor", { method: "POST" });
    token = (await response.json()).token;
    localStorage.setItem("kefu_buyer_token", token);
  }

  function label(message) {
    if (message.from === "buyer") return "我";
    if (message.from === "agent") return message.agent_name || "客服";
    if (message.from === "bot") return "智能客服";
    return "系统";
  }

  function render(message) {
    if (seen.has(message.id)) return;
    if (message.client_id && unacked.has(message.client_id)) unacked.delete(message.client_id);
    const pending = message.client_id && list.querySelector(`[data-client-id="${CSS.escape(message.client_id)}"]`);
    const body = message.kind === "image" && message.attachment_url
      ? Object.assign(document.createElement("img"), { src: message.attachment_url + "?token=" + encodeURIComponent(token), alt: "图片" })
      : Object.assign(document.createElement("span"), { textContent: message.text });
    const item = document.createElement("li");
    item.className = "message from-" + message.from;
    item.dataset.id = message.id;
    const meta = Object.assign(document.createElement("small"), { textContent: `${label(message)} ${new Date(message.at).toLocaleTimeString("zh-CN")}` });
    item.append(meta, body);
    if (pending) pending.replaceWith(item); else list.append(item);
    seen.set(message.id, item);
    if (message.seq && message.seq >= lastSeq) { lastSeq = message.seq; lastSeenId = message.id; }
    if (message.session_id) sessionId = message.session_id;
    list.scrollTop = list.scrollHeight;
  }

  function showSession(session) {
    if (!session) { statusLine.textContent = "在线"; return; }
    sessionId = session.id;
    const text = {
      queued: session.queue_position ? `排队中，您前面还有 ${session.queue_position - 1} 位` : "排队中",
      assigned: "客服已接入", offline: "客服不在线，已为您留言", open: "正在为您接入客服…", closed: "会话已结束",
    }[session.status] || "";
    statusLine.textContent = text;
    $("rating").hidden = session.status !== "closed";
  }

  function onFrame(frame) {
    switch (frame.type) {
      case "welcome":
        showSession(frame.session);
        socket.send({ type: "resume", session_id: frame.session?.id || sessionId, last_seen_id: lastSeenId });
        for (const pending of unacked.values()) socket.send(pending);
        break;
      case "history": frame.messages.forEach(render); break;
      case "message": render(frame.message); break;
      case "ack": unacked.delete(frame.client_id); render(frame.message); break;
      case "session": showSession(frame.session); break;
      case "typing":
        if (frame.from === "agent") {
          typingLine.hidden = false;
          clearTimeout(typingTimer);
          typingTimer = setTimeout(() => (typingLine.hidden = true), 3000);
        }
        break;
      case "rated": $("rating").replaceWith(Object.assign(document.createElement("p"), { textContent: "感谢您的评价！" })); break;
      case "error": statusLine.textContent = frame.reason; break;
    }
  }

  function send(text) {
    const clientId = crypto.randomUUID();
    const frame = { type: "send", client_id: clientId, text, session_id: null };
    unacked.set(clientId, frame);
    const item = document.createElement("li");
    item.className = "message from-buyer pending";
    item.dataset.clientId = clientId;
    item.append(Object.assign(document.createElement("small"), { textContent: "我 发送中…" }), Object.assign(document.createElement("span"), { textContent: text }));
    list.append(item);
    socket.send(frame);
  }

  function connect() {
    let delay = 500;
    const holder = { ws: null, send(frame) { if (holder.ws?.readyState === 1) holder.ws.send(JSON.stringify(frame)); } };
    const open = () => {
      const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws/buyer?token=" + encodeURIComponent(token));
      holder.ws = ws;
      ws.onopen = () => { delay = 500; };
      ws.onmessage = (event) => onFrame(JSON.parse(event.data));
      ws.onclose = () => { statusLine.textContent = "连接断开，正在重连…"; setTimeout(open, delay); delay = Math.min(delay * 2, 10000); };
    };
    open();
    return holder;
  }

  $("composer").addEventListener("submit", (event) => {
    event.preventDefault();
    const text = $("text").value.trim();
    if (!text) return;
    send(text);
    $("text").value = "";
  });
  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); $("composer").requestSubmit(); }
    else if (sessionId) socket.send({ type: "typing", session_id: sessionId });
  });
  $("image").addEventListener("change", async () => {
    const file = $("image").files[0];
    if (!file) return;
    const form = new FormData();
    form.append("file", file);
    const response = await fetch("/api/v1/chat/my-images", { method: "POST", headers: { Authorization: "Bearer " + token }, body: form });
    if (!response.ok) statusLine.textContent = (await response.json()).reason;
    else render(await response.json());
    $("image").value = "";
  });
  $("rating").addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData($("rating"));
    socket.send({ type: "rate", session_id: sessionId, score: Number(data.get("score")), comment: data.get("comment") || null });
  });

  (async () => {
    await ensureToken();
    const response = await fetch("/api/v1/chat/my-messages", { headers: { Authorization: "Bearer " + token } });
    if (response.ok) (await response.json()).forEach(render);
    socket = connect();
  })();
})();
