// The supervisor's dashboard: today's live numbers, trends, agents side by side,
// a ranking table; every number links to the sessions behind it.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const TODAY = { sessions: "今日会话", waiting: "排队中", waiting_over_60s: "等待超60秒", agents_online: "在线客服",
    offline_messages: "未处理留言", first_response_s: "今日首次响应(秒)", avg_response_s: "今日平均响应(秒)" };

  const form = $("period");
  const params = new URLSearchParams(location.search);
  const today = new Date();
  const iso = (d) => d.toLocaleDateString("sv-SE");
  form.elements.from.value = params.get("from") || iso(new Date(today.getTime() - 6 * 864e5));
  form.elements.to.value = params.get("to") || iso(new Date(today.getTime() + 864e5));

  // The spec's rounding on output: durations 1 decimal, rates 4, csat_mean 2, money as given.
  const DIGITS = { first_response_s: 1, avg_response_s: 1, csat_mean: 2 };
  const show = (v, key) => {
    if (v === null || v === undefined) return "—";
    if (typeof v !== "number" || Number.isInteger(v) && !(key in DIGITS) && !/rate|ratio|csat$/.test(key)) return String(v);
    const digits = DIGITS[key] ?? (/rate|ratio|csat$/.test(key) ? 4 : 0);
    return v.toFixed(digits);
  };
  const sessionsLink = (text, extra = {}) => {
    const query = new URLSearchParams({ from: form.elements.from.value, to: form.elements.to.value, ...extra });
    return el("a", { href: "/dashboard/sessions?" + query, text });
  };

  async function load() {
    const from = form.elements.from.value, to = form.elements.to.value;
    history.replaceState(null, "", `?from=${from}&to=${to}`);
    $("xlsx").href = `/api/v1/kpi/xlsx?from=${from}&to=${to}`;
    const data = await api("GET", `/api/v1/kpi/dashboard?from=${from}&to=${to}`);
    const csat = await api("GET", `/api/v1/surveys/satisfaction?from=${from}&to=${to}`);
    const pct = (v) => (v === null ? "—" : (v * 100).toFixed(1) + "%");
    $("satisfaction").replaceChildren(el("tr", {}, ...["来源", "份数", "满意率（4–5 分）", "平均分"].map((h) => el("th", { text: h }))),
      ...[["chat", "会话评价"], ["surveys", "售后/投诉回访"], ["all", "合计"]].map(([key, label]) => el("tr", {},
        el("td", { text: label }), el("td", { text: String(csat[key].count) }), el("td", { text: pct(csat[key].csat) }),
        el("td", { text: csat[key].mean === null ? "—" : String(csat[key].mean) }))));
    const LABELS = data.labels;  // the same column names as the Excel export
    $("today-date").textContent = data.today.date;
    const todayQuery = { from: data.today.date, to: iso(new Date(Date.parse(data.today.date) + 864e5)) };
    $("today").replaceChildren(...Object.entries(TODAY).map(([key, label]) =>
      el("a", { class: "tile", href: "/dashboard/sessions?" + new URLSearchParams(todayQuery) },
        el("strong", { text: show(data.today[key], key) }), el("span", { text: label }))));
    const days = data.trend.map((d) => d.day.slice(5));
    kefuCharts.line($("trend-sessions"), days, [{ name: "会话数", values: data.trend.map((d) => d.sessions) }]);
    kefuCharts.line($("trend-first-response"), days, [{ name: "首次响应", values: data.trend.map((d) => d.first_response_s) }]);
    const agents = Object.entries(data.period.agents);
    kefuCharts.bars($("agents-chart"), agents.map(([id]) => id), [
      { name: "会话数", values: agents.map(([, k]) => k.sessions) },
      { name: "接待人数", values: agents.map(([, k]) => k.served) },
    ]);
    const shop = data.period.shop;
    $("shop-table").replaceChildren(
      el("thead", {}, el("tr", {}, ...Object.keys(LABELS).map((k) => el("th", { text: LABELS[k] })))),
      el("tbody", {}, el("tr", {}, ...Object.keys(LABELS).map((k) => el("td", { dataset: { kpi: k } }, sessionsLink(show(shop[k], k)))))));
    const agentKeys = Object.keys(agents[0]?.[1] || {});
    agents.sort((a, b) => Number(b[1].agent_sales) - Number(a[1].agent_sales));
    $("ranking").replaceChildren(
      el("thead", {}, el("tr", {}, el("th", { text: "名次" }), el("th", { text: "客服" }), ...agentKeys.map((k) => el("th", { text: LABELS[k] })))),
      el("tbody", {}, ...agents.map(([id, k], i) => el("tr", { dataset: { agent: id } }, el("td", { text: String(i + 1) }), el("td", { text: id }),
        ...agentKeys.map((key) => el("td", { dataset: { kpi: key } }, sessionsLink(show(k[key], key), { agent: id })))))));
  }

  form.addEventListener("submit", (event) => { event.preventDefault(); load(); });
  load();
})();
