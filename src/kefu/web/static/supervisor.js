// The supervisor's live view: queues, loads, buyers waiting over 60 s.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const STATUS = { online: "在线", busy: "忙碌", away: "离开", offline: "离线" };

  async function refresh() {
    const data = await api("GET", "/api/v1/chat/overview");
    $("queues").replaceChildren(...(data.queues.length ? data.queues : [{ group_id: "—", queued: 0, oldest_queued_at: null }]).map((q) =>
      el("tr", {}, el("td", { text: q.group_id }), el("td", { text: String(q.queued) }), el("td", { text: kefu.waited(q.oldest_queued_at) }))));
    $("agents").replaceChildren(...data.agents.map((a) =>
      el("tr", { class: a.load >= a.max_concurrent ? "full" : "" }, el("td", { text: a.name }), el("td", { text: a.group_id || "" }),
        el("td", { text: STATUS[a.status] || a.status }), el("td", { text: String(a.load) }), el("td", { text: String(a.max_concurrent) }))));
    $("waiting").replaceChildren(...data.waiting_over_60s.map((s) =>
      el("tr", {}, el("td", { text: s.customer_nick || s.customer_id }), el("td", { text: s.id }), el("td", { text: s.agent_id || "排队中" }),
        el("td", { text: kefu.waited(s.waiting_since) }))));
    $("offline").textContent = `（未处理留言 ${data.offline_open} 条）`;
  }

  kefu.socket("/ws/agent", { onFrame: (frame) => { if (frame.type === "overview_changed") refresh(); }, onOpen: refresh });
  setInterval(refresh, 5000);
})();
