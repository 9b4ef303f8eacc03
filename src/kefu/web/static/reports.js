// Daily and monthly team reports: sales attributed to service, refunds and returns,
// complaints, reviews handled, quality inspection. As a page and as an Excel file.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const form = $("period");
  const params = new URLSearchParams(location.search);
  const iso = (d) => d.toLocaleDateString("sv-SE");
  const now = new Date();
  form.elements.from.value = params.get("from") || iso(new Date(now.getFullYear(), now.getMonth(), 1));
  form.elements.to.value = params.get("to") || iso(new Date(now.getTime() + 864e5));
  form.elements.by.value = params.get("by") || "day";

  async function load() {
    const query = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", "?" + query);
    $("xlsx").href = "/api/v1/kpi/team-report/xlsx?" + query;
    const data = await api("GET", "/api/v1/kpi/team-report?" + query);
    const keys = Object.keys(data.columns);
    kefuCharts.bars($("chart"), data.rows.map((r) => r.period), [
      { name: "客服销售额", values: data.rows.map((r) => Number(r.agent_sales)) },
      { name: "退款金额", values: data.rows.map((r) => Number(r.refund_amount)) },
    ]);
    $("report").replaceChildren(
      el("thead", {}, el("tr", {}, ...keys.map((k) => el("th", { text: data.columns[k] })))),
      el("tbody", {}, ...data.rows.map((r) => el("tr", {}, ...keys.map((k) => el("td", { dataset: { key: k }, text: r[k] ?? "—" }))))));
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  load();
})();
