// Care campaigns (关怀活动): create, preview who gets what, run, see what was sent.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const KIND = { holiday: "节日问候", birthday: "生日祝福", weather: "天气提醒", delivered: "签收回访", return_visit: "定期回访" };
  const CHANNEL = { chat: "在线消息", email: "邮件", call_task: "电话任务" };
  const REASON = { opted_out: "拒收营销", limit: "超出频次上限", already: "已发过", no_channel: "无可用渠道", merged: "已合并档案" };
  let current = null;

  async function load() {
    const [rows, segs] = await Promise.all([api("GET", "/api/v1/campaigns"), api("GET", "/api/v1/segments")]);
    $("segment-select").replaceChildren(el("option", { value: "", text: "（不限）" }), ...segs.map((s) => el("option", { value: s.id, text: s.name })));
    $("campaigns").replaceChildren(...rows.map((c) => el("tr", {},
      el("td", { text: c.name }), el("td", { text: KIND[c.kind] || c.kind }), el("td", { text: c.action === "call_task" ? "电话任务" : "消息" }),
      el("td", { text: c.template }), el("td", {}, el("button", { type: "button", class: "secondary", text: "预览", onclick: () => open(c) })))));
  }

  async function open(campaign) {
    current = campaign;
    $("detail").hidden = false;
    $("detail-title").textContent = campaign.name;
    $("run-result").textContent = "";
    const [plan, sent] = await Promise.all([
      api("GET", `/api/v1/campaigns/${encodeURIComponent(campaign.id)}/preview`),
      api("GET", `/api/v1/campaigns/${encodeURIComponent(campaign.id)}/sends`),
    ]);
    $("plan").replaceChildren(...plan.sends.map((s) => el("tr", {},
      el("td", {}, el("a", { href: "/customers/" + encodeURIComponent(s.customer_id), text: s.customer_id })),
      el("td", { text: CHANNEL[s.channel] || s.channel }), el("td", { text: s.text }))));
    $("skipped").replaceChildren(...plan.skipped.map((s) => el("li", { text: `${s.customer_id}：${REASON[s.reason] || s.reason}` })));
    $("sends").replaceChildren(...sent.map((s) => el("tr", {},
      el("td", { text: new Date(s.at).toLocaleString("zh-CN") }), el("td", { text: s.customer_id }),
      el("td", { text: CHANNEL[s.channel] || s.channel }), el("td", { text: s.status }), el("td", { text: s.result || "" }))));
  }

  $("run").addEventListener("click", async () => {
    try {
      const result = await api("POST", `/api/v1/campaigns/${encodeURIComponent(current.id)}/run`);
      $("run-result").textContent = `已处理 ${result.sends.length} 位客户`;
      open(current);
    } catch (error) { $("run-result").textContent = error.message; }
  });

  $("editor").addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = event.target.elements;
    const body = {
      name: f.name.value, kind: f.kind.value, action: f.action.value, template: f.template.value,
      segment_id: f.segment_id.value || null, region: f.region.value || null,
      days_after: f.days_after.value ? Number(f.days_after.value) : null,
    };
    try { await api("POST", "/api/v1/campaigns", body); $("editor-result").textContent = "已创建"; load(); }
    catch (error) { $("editor-result").textContent = error.message; }
  });
  load();
})();
