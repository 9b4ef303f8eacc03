// The sessions behind a dashboard number, and one session's transcript with its QC findings.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const transcript = $("transcript");

  async function list() {
    const params = new URLSearchParams(location.search);
    $("title").textContent = `会话明细 ${params.get("from")} 至 ${params.get("to")}${params.get("agent") ? " · " + params.get("agent") : ""}`;
    const rows = await api("GET", "/api/v1/kpi/sessions?" + params);
    $("rows").replaceChildren(...rows.map((s) => el("tr", {},
      el("td", {}, el("a", { href: "/dashboard/sessions/" + encodeURIComponent(s.id), text: s.id })),
      el("td", { text: s.customer || "" }), el("td", { text: s.channel }),
      el("td", { text: new Date(s.opened_at).toLocaleString("zh-CN") }), el("td", { text: String(s.messages) }),
      el("td", { text: s.qc_score == null ? "—" : String(s.qc_score) }))));
  }

  async function show() {
    const data = await api("GET", "/api/v1/kpi/sessions/" + encodeURIComponent(transcript.dataset.sessionId));
    $("qc-summary").textContent = `质检得分 ${data.qc.score}${data.qc.flagged ? "（需主管复核）" : ""}`;
    $("findings").replaceChildren(...data.qc.findings.map((f) => el("li", { text: `${f.rule}（${f.severity}）：${f.excerpt}` })));
    $("messages").replaceChildren(...data.messages.map((m) => el("li", { class: "message from-" + m.from },
      el("small", { text: `${m.agent_name || { buyer: "买家", bot: "智能客服", system: "系统" }[m.from] || ""} ${new Date(m.at).toLocaleString("zh-CN")}` }),
      el("span", { text: m.text }))));
  }

  if (transcript) show(); else list();
})();
