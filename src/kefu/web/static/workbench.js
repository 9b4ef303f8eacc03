// The agent workbench: conversations (longest waiting first), the selected
// conversation, quick phrases on "/", transfer with a reason, the buyer's panel.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const me = $("me").dataset.agentId;
  let sessions = [], current = null, phrases = [], socket = null, panelOrders = [];
  const shown = new Set();

  async function loadList() {
    sessions = await api("GET", "/api/v1/chat/sessions");
    renderList();
  }

  function renderList() {
    sessions.sort((a, b) => (a.waiting_since ? Date.parse(a.waiting_since) : Infinity) - (b.waiting_since ? Date.parse(b.waiting_since) : Infinity));
    $("conversation-count").textContent = `(${sessions.length})`;
    $("conversation-list").replaceChildren(...sessions.map((s) => el("li", {
      class: "conversation-item" + (current?.id === s.id ? " active" : "") + (s.status === "offline" ? " offline" : ""),
      dataset: { sessionId: s.id }, onclick: () => open(s.id),
    },
      el("strong", { text: s.customer_nick || s.customer_id }),
      el("span", { class: "badge", text: s.unread ? String(s.unread) : "" }),
      el("small", { class: "wait", dataset: { since: s.waiting_since || "" }, text: s.status === "offline" ? "留言" : (s.waiting_since ? "等待 " + kefu.waited(s.waiting_since) : "") }),
    )));
  }

  function renderMessage(message) {
    if (!current || message.session_id !== current.id || shown.has(message.id)) return;
    shown.add(message.id);
    const who = { buyer: current.customer_nick || "买家", agent: message.agent_name || "客服", bot: "智能客服", system: "系统" }[message.from];
    const body = message.kind === "image" && message.attachment_url
      ? el("img", { src: message.attachment_url, alt: "图片" }) : el("span", { text: message.text });
    const item = el("li", { class: "message from-" + message.from, dataset: { id: message.id } },
      el("small", { text: `${who} ${kefu.time(message.at)}` }), body);
    if (message.from === "buyer") {
      item.title = "点击获取推荐回复";
      item.addEventListener("click", () => suggest(message.id));
    }
    $("messages").append(item);
    $("messages").scrollTop = $("messages").scrollHeight;
    if (message.seq) markRead(message.seq);
  }

  let readTimer = null, readSeq = 0;
  function markRead(seq) {
    readSeq = Math.max(readSeq, seq);
    clearTimeout(readTimer);
    const session = current;
    readTimer = setTimeout(() => session && socket.send({ type: "read", session_id: session.id, seq: readSeq }), 300);
    const item = sessions.find((s) => s.id === session?.id);
    if (item) { item.unread = 0; renderList(); }
  }

  async function open(sessionId) {
    current = sessions.find((s) => s.id === sessionId);
    if (!current) return;
    shown.clear(); readSeq = 0;
    $("messages").replaceChildren();
    const bot = current.bot_intent ? ` · 机器人识别：${INTENTS[current.bot_intent] || current.bot_intent}` +
      (current.handoff_reason ? `（转人工：${HANDOFF[current.handoff_reason] || current.handoff_reason}）` : "") : "";
    $("conversation-title").textContent = `${current.customer_nick || current.customer_id} · ${current.channel}${bot}`;
    $("suggestions").hidden = true;
    $("composer").hidden = false;
    renderList();
    (await api("GET", `/api/v1/chat/sessions/${sessionId}/messages`)).forEach(renderMessage);
    socket.send({ type: "watch", session_id: sessionId });
    loadPanel(current.customer_id);
    $("text").focus();
  }

  async function loadPanel(customerId) {
    const panel = await api("GET", `/api/v1/customers/${encodeURIComponent(customerId)}/panel`);
    const c = panel.customer;
    panelOrders = panel.orders;
    $("panel").replaceChildren(
      el("h3", {}, el("span", { text: c.nick || c.id }), " ",
        el("a", { href: "/customers/" + encodeURIComponent(c.id), target: "_blank", id: "profile-link", text: "客户档案" })),
      el("p", { text: [c.name, c.phone, c.email].filter(Boolean).join(" · ") }),
      el("p", { class: "tags", text: (c.tags || []).join("、") }),
      c.note ? el("p", { class: "muted", text: "备注：" + c.note }) : "",
      el("h4", { text: `订单（${panel.orders.length}）` }),
      el("ul", { class: "orders" }, ...panel.orders.map((o) => el("li", { class: "order", dataset: { orderId: o.id } },
        el("a", { href: "/orders/" + encodeURIComponent(o.id), target: "_blank", class: "order-link", text: o.id }),
        el("span", { class: "status status-" + o.status, text: ORDER_STATUS[o.status] || o.status }),
        el("span", { text: "¥" + o.amount + (o.cod ? "（货到付款）" : "") }),
        el("small", { text: o.items.map((i) => `${i.product_id}×${i.qty}`).join("，") + (o.tracking_no ? ` · ${o.courier} ${o.tracking_no}` : "") })))),
      el("h4", { text: "历史记录" }),
      el("ul", { class: "timeline" }, ...panel.timeline.map((t) => el("li", {}, el("small", { text: new Date(t.at).toLocaleString("zh-CN") }), el("span", { text: " " + t.title }), t.detail ? el("small", { class: "muted", text: " " + t.detail }) : ""))),
    );
  }
  // Agent assist: the top 3 replies for a buyer message; a click inserts, never sends.
  let assisted = null;  // the buyer message the suggestions (and a feedback tag) are about
  async function suggest(messageId) {
    assisted = messageId;
    $("feedback-result").textContent = "";
    $("suggestions").hidden = false;
    $("suggestion-list").replaceChildren();
    const result = await api("GET", `/api/v1/bot/suggest?session_id=${encodeURIComponent(current.id)}&message_id=${encodeURIComponent(messageId)}`)
      .catch(() => ({ suggestions: [] }));
    $("suggestion-list").replaceChildren(...result.suggestions.map((s) => el("li", {
      class: "suggestion", onclick: () => { $("text").value = s.text; $("text").focus(); },
    }, el("small", { text: s.source === "faq" ? "知识库" : "快捷短语 " + s.title }), el("span", { text: " " + s.text }))));
    if (!result.suggestions.length) $("suggestion-list").replaceChildren(el("li", { class: "muted", text: "没有合适的推荐" }));
  }
  $("feedback-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = event.target.elements;
    try {
      await api("POST", "/api/v1/feedback", {
        source_kind: "message", source_id: assisted, session_id: current.id,
        category: f.category.value, product_id: f.product_id.value || null,
      });
      $("feedback-result").textContent = "已记录为反馈";
    } catch (error) { $("feedback-result").textContent = error.message; }
  });
  // Real stock for pre-sales answers: listed next to what the warehouse counted.
  $("stock-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const found = await api("GET", "/api/v1/products?q=" + encodeURIComponent(event.target.elements.q.value));
    $("stock-list").replaceChildren(...found.flatMap((p) => [el("li", {}, el("strong", { text: p.title })),
      ...p.skus.map((s) => el("li", { class: "sku" + (s.actual !== null && s.actual !== s.listed ? " differs" : "") },
        el("span", { text: Object.values(s.attributes || {}).join(" ") || s.sku }),
        el("span", { text: ` 实际 ${s.actual ?? "未盘点"} / 标价 ${s.listed}` })))]));
    if (!found.length) $("stock-list").replaceChildren(el("li", { class: "muted", text: "没有找到" }));
  });
  const INTENTS = kefu.INTENTS;
  const HANDOFF = { buyer_asked: "买家要求", bot_unsure: "机器人不确定", complaint: "投诉", angry: "买家情绪激动", abuse: "买家辱骂", rejected: "连续两次不满意", no_data: "缺少数据" };
  const ORDER_STATUS = { unpaid: "待付款", paid: "已付款", shipped: "已发货", delivered: "已签收", closed: "已关闭", refunded: "已退款" };

  function onFrame(frame) {
    if (frame.type === "message") {
      renderMessage(frame.message);
      const item = sessions.find((s) => s.id === frame.message.session_id);
      if (item && frame.message.from === "buyer" && item.id !== current?.id) { item.unread += 1; item.waiting_since ||= frame.message.at; renderList(); }
      if (item && frame.message.from === "agent") { item.waiting_since = null; renderList(); }
    } else if (frame.type === "ack") {
      renderMessage(frame.message);
    } else if (frame.type === "session") {
      loadList();
      if (current?.id === frame.session.id && frame.session.status === "closed") $("conversation-title").textContent += "（已结束）";
    } else if (frame.type === "typing" && frame.from === "buyer" && frame.session_id === current?.id) {
      $("typing").hidden = false;
      setTimeout(() => ($("typing").hidden = true), 3000);
    } else if (frame.type === "error") {
      $("qc-warning").hidden = false;
      $("qc-warning").textContent = frame.reason;
    }
  }

  function send() {
    const text = $("text").value.trim();
    if (!text || !current) return;
    socket.send({ type: "send", session_id: current.id, client_id: crypto.randomUUID(), text });
    $("text").value = "";
    $("phrase-menu").hidden = true;
    $("qc-warning").hidden = true;
  }

  function showPhrases() {
    const value = $("text").value;
    if (!value.startsWith("/")) { $("phrase-menu").hidden = true; return; }
    const matches = phrases.filter((p) => (p.shortcut || "").startsWith(value) || p.text.includes(value.slice(1)));
    $("phrase-menu").replaceChildren(...matches.slice(0, 8).map((p) => el("li", {
      onclick: () => insertPhrase(p), text: `${p.shortcut || ""} ${p.text}`,
    })));
    $("phrase-menu").hidden = matches.length === 0;
  }

  function insertPhrase(phrase) {
    const orders = panelOrders;
    const tracked = orders.find((o) => o.tracking_no);
    const fill = {
      "{买家昵称}": current?.customer_nick || "亲", "{店铺名}": document.title.split("·").pop().trim(),
      "{订单号}": orders[0]?.id || "", "{物流单号}": tracked ? tracked.tracking_no : "",
    };
    $("text").value = phrase.text.replace(/\{[^}]+\}/g, (v) => fill[v] ?? v);
    $("phrase-menu").hidden = true;
    $("text").focus();
  }

  $("composer").addEventListener("submit", (event) => { event.preventDefault(); send(); });
  $("text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      const first = $("phrase-menu").hidden ? null : $("phrase-menu").firstElementChild;
      if (first) first.click(); else send();
    } else if (current) socket.send({ type: "typing", session_id: current.id });
  });
  $("text").addEventListener("input", showPhrases);

  // 质检: warn about a draft that breaks a text rule. Only a warning: sending stays possible.
  let ruleNames = {}, qcTimer = null;
  api("GET", "/api/v1/qc/rules").then((rules) => { ruleNames = Object.fromEntries(rules.map((r) => [r.id, r.name])); });
  $("text").addEventListener("input", () => {
    clearTimeout(qcTimer);
    qcTimer = setTimeout(async () => {
      const text = $("text").value.trim();
      const findings = text && !text.startsWith("/") ? (await api("POST", "/api/v1/qc/check", { text })).findings : [];
      $("qc-warning").hidden = findings.length === 0;
      $("qc-warning").textContent = findings.length
        ? "质检提醒：" + findings.map((f) => `${ruleNames[f.rule] || f.rule}（${f.excerpt}）`).join("；") : "";
    }, 350);
  });
  $("agent-status").addEventListener("change", (event) => api("PUT", "/api/v1/chat/status", { status: event.target.value }).then(loadList));
  $("close-button").addEventListener("click", async () => {
    if (!current || !confirm("结束这个会话？")) return;
    await api("POST", `/api/v1/chat/sessions/${current.id}/close`);
    loadList();
  });
  $("transfer-button").addEventListener("click", () => { $("transfer-form").hidden = false; });
  $("transfer-cancel").addEventListener("click", () => { $("transfer-form").hidden = true; });
  $("transfer-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    try {
      await api("POST", `/api/v1/chat/sessions/${current.id}/transfer`, {
        to_agent: data.to_agent || null, to_group: data.to_group || null, reason: data.reason,
      });
      $("transfer-form").hidden = true; current = null; loadList();
    } catch (error) {
      $("transfer-error").hidden = false; $("transfer-error").textContent = error.message;
    }
  });
  $("image").addEventListener("change", async () => {
    const form = new FormData();
    form.append("file", $("image").files[0]);
    renderMessage(await api("POST", `/api/v1/chat/sessions/${current.id}/images`, form));
    $("image").value = "";
  });

  setInterval(() => document.querySelectorAll(".wait[data-since]").forEach((node) => {
    if (node.dataset.since) node.textContent = "等待 " + kefu.waited(node.dataset.since);
  }), 1000);

  socket = kefu.socket("/ws/agent", { onFrame, onOpen: () => { loadList(); if (current) socket.send({ type: "watch", session_id: current.id }); } });
  api("GET", "/api/v1/quick-phrases").then((list) => { phrases = list; });
  window.kefuWorkbench = { me };
})();
