// After-sales cases: refund/return/exchange steps, complaints, medium and bad reviews.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const STATUS = { requested: "待审核", approved: "已同意", rejected: "已拒绝", buyer_shipped: "买家已寄回", received: "仓库已收货", refunded: "已退款", exchange_shipped: "换货已发出", closed: "已关闭" };
  const when = (iso) => new Date(iso).toLocaleString("zh-CN");
  const notes = (list) => list.map((n) => el("li", {}, el("small", { text: when(n.at) + " " }), el("span", { text: `${n.author} ${n.channel ? "（" + n.channel + "）" : ""}${n.text}` })));
  let refundId = null, complaintId = null, reviewId = null;

  async function guarded(node, work) {
    try { node.textContent = ""; await work(); } catch (error) { node.textContent = error.message; }
  }

  function showRefund(r) {
    refundId = r.id;
    $("refund").hidden = false;
    $("refund-summary").textContent = `${r.id} · 订单 ${r.order_id} · ${r.kind} · ¥${r.amount ?? ""} · ${r.status_label}`;
    $("refund-step").elements.to.replaceChildren(...r.next.map((s) => el("option", { value: s, text: STATUS[s] || s })));
    $("refund-step").hidden = r.next.length === 0;
    $("refund-trail").replaceChildren(...r.trail.map((t) => el("li", {}, el("small", { text: when(t.at) + " " }),
      el("span", { text: `${t.actor}：${STATUS[t.from]} → ${STATUS[t.to]}${t.note ? "（" + t.note + "）" : ""}` }))));
  }
  $("refund-find").addEventListener("submit", (e) => { e.preventDefault(); guarded($("refund-result"), async () => showRefund(await api("GET", "/api/v1/refunds/" + encodeURIComponent(e.target.elements.id.value)))); });
  $("refund-step").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = e.target.elements;
    guarded($("refund-result"), async () => showRefund(await api("POST", `/api/v1/refunds/${encodeURIComponent(refundId)}/transitions`, { to: f.to.value, note: f.note.value || null, tracking_no: f.tracking_no.value || null })));
  });

  function showComplaint(c) {
    complaintId = c.id;
    $("complaint").hidden = false;
    $("complaint-summary").textContent = `${c.id} · ${c.summary} · 负责人 ${c.owner_id} · 承诺 ${c.promised_by ? when(c.promised_by) : "—"}${c.resolved_at ? " · 已解决" : ""}`;
    $("complaint-notes").replaceChildren(...notes(c.notes));
  }
  $("complaint-open").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = e.target.elements;
    guarded($("complaint-result"), async () => showComplaint(await api("POST", "/api/v1/complaints", {
      customer_id: f.customer_id.value, category: f.category.value, summary: f.summary.value,
      promised_by: new Date(f.promised_by.value).toISOString(), order_id: f.order_id.value || null,
    })));
  });
  $("complaint-find").addEventListener("submit", (e) => { e.preventDefault(); guarded($("complaint-result"), async () => showComplaint(await api("GET", "/api/v1/complaints/" + encodeURIComponent(e.target.elements.id.value)))); });
  $("complaint-note").addEventListener("submit", (e) => {
    e.preventDefault();
    const action = e.submitter?.dataset.action || "followups";
    const f = e.target.elements;
    guarded($("complaint-result"), async () => showComplaint(await api("POST", `/api/v1/complaints/${encodeURIComponent(complaintId)}/${action}`, { text: f.text.value, channel: f.channel.value })));
  });

  function showReview(r) {
    reviewId = r.id;
    $("review").hidden = false;
    $("review-summary").textContent = `${r.id} · 订单 ${r.order_id} · ${r.rating} · “${r.text || ""}” · 可改评至 ${when(r.revise_until)}${r.result ? " · 结果：" + r.result : ""}`;
    $("review-notes").replaceChildren(...notes(r.notes));
  }
  $("review-find").addEventListener("submit", (e) => { e.preventDefault(); guarded($("review-result"), async () => showReview(await api("GET", "/api/v1/reviews/" + encodeURIComponent(e.target.elements.id.value)))); });
  $("review-contact").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = e.target.elements;
    guarded($("review-result"), async () => showReview(await api("POST", `/api/v1/reviews/${encodeURIComponent(reviewId)}/contacts`, { channel: f.channel.value, text: f.text.value })));
  });
  $("review-result-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = e.target.elements;
    guarded($("review-result"), async () => showReview(await api("POST", `/api/v1/reviews/${encodeURIComponent(reviewId)}/result`, {
      result: f.result.value, note: f.note.value, evidence: f.evidence.value || null, revised_rating: f.revised_rating.value || null,
    })));
  });
})();
