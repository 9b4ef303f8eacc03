// The QC queue and review sheet (质检), and an agent's own results.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const REASONS = { flagged: "低于80分", sample: "随机抽检" };

  async function loadQueue() {
    const rows = (await api("GET", "/api/v1/qc/queue?page_size=200")).items;
    $("queue").replaceChildren(...rows.map((q) => el("tr", {},
      el("td", {}, el("a", { href: "/dashboard/sessions/" + encodeURIComponent(q.session_id), text: q.session_id })),
      el("td", { text: q.agent_id || "" }), el("td", { text: REASONS[q.reason] || q.reason }), el("td", { text: String(q.score) }),
      el("td", {}, el("button", { type: "button", class: "secondary", onclick: () => openSheet(q.session_id), text: "复核" })))));
  }

  let current = null;
  async function openSheet(sessionId) {
    current = sessionId;
    const data = await api("GET", "/api/v1/kpi/sessions/" + encodeURIComponent(sessionId));
    const findings = await api("GET", "/api/v1/qc/sessions/" + encodeURIComponent(sessionId));
    $("sheet").hidden = false;
    $("sheet-session").textContent = sessionId;
    $("messages").replaceChildren(...data.messages.map((m) => el("li", { class: "message from-" + m.from },
      el("small", { text: m.agent_name || m.from }), el("span", { text: m.text }))));
    $("sheet-findings").replaceChildren(...findings.findings.map((f, i) => el("li", {},
      el("span", { text: `${f.rule}：${f.excerpt} ` }),
      el("label", {}, el("input", { type: "radio", name: "v" + i, value: "confirmed", dataset: { id: f.id ?? "" }, checked: "" }), "确认"),
      el("label", {}, el("input", { type: "radio", name: "v" + i, value: "dismissed", dataset: { id: f.id ?? "" } }), "驳回"))));
  }

  async function submitSheet(event) {
    event.preventDefault();
    const data = Object.fromEntries(new FormData(event.target));
    const verdicts = {};
    for (const input of event.target.querySelectorAll("input[type=radio]:checked")) {
      if (input.dataset.id) verdicts[input.dataset.id] = input.value;
    }
    try {
      const result = await api("POST", "/api/v1/qc/reviews/" + encodeURIComponent(current), {
        quantified: Number(data.quantified), quality: Number(data.quality), skills: Number(data.skills),
        comment: data.comment || null, verdicts,
      });
      $("review-result").textContent = `已提交，综合得分 ${result.total.toFixed(1)}`;
      loadQueue();
    } catch (error) {
      $("review-result").textContent = error.message;
    }
  }

  async function loadMine() {
    const me = $("me").dataset.agentId;
    const record = await api("GET", `/api/v1/qc/agents/${encodeURIComponent(me)}/record`);
    $("record").textContent = `已质检 ${record.inspected} 个会话，平均 ${record.average_score ?? "—"} 分`;
    $("by-rule").replaceChildren(...Object.entries(record.findings_by_rule).map(([rule, n]) =>
      el("li", { class: record.repeated.includes(rule) ? "warning" : "", text: `${rule}：${n} 次` })));
    const results = await api("GET", "/api/v1/qc/my-results");
    $("results").replaceChildren(...results.map((r) => el("div", { class: "card" },
      el("strong", { text: `会话 ${r.session_id} · 综合 ${r.total.toFixed(1)}（量化 ${r.quantified} / 质量 ${r.quality} / 技能 ${r.skills}）` }),
      el("p", { text: r.comment || "" }),
      el("ul", {}, ...r.findings.map((f) => el("li", { text: `${f.rule}：${f.excerpt}` }))))));
  }

  if ($("queue")) {
    loadQueue();
    $("review-form").addEventListener("submit", submitSheet);
    $("sample").addEventListener("submit", async (event) => {
      event.preventDefault();
      const week = new FormData(event.target).get("week");
      const result = await api("POST", "/api/v1/qc/queue/sample?week=" + week);
      $("sample-result").textContent = `新增 ${result.added} 个`;
      loadQueue();
    });
  } else {
    loadMine();
  }
})();
