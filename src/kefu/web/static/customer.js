// The customer archive (客户档案): facts, tags, notes, orders, one timeline, merges.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const id = $("profile").dataset.customerId;
  const base = "/api/v1/customers/" + encodeURIComponent(id);
  const KINDS = { chat: "会话", call: "电话", order: "订单", refund: "售后", complaint: "投诉", review: "评价", note: "备注", tag: "标签", merge: "合并", profile: "资料", care: "关怀", survey: "满意度", feedback: "反馈" };
  const ORDER = { unpaid: "待付款", paid: "已付款", shipped: "已发货", delivered: "已签收", closed: "已关闭", refunded: "已退款" };

  async function load() {
    const p = await api("GET", base);
    const c = p.customer;
    $("title").textContent = `${c.nick || c.id}${c.vip_level ? " · VIP" + c.vip_level : ""}`;
    $("merged-note").hidden = !c.merged_into_id;
    if (c.merged_into_id) $("merged-note").textContent = `本档案已合并到 ${c.merged_into_id}`;
    $("identities").textContent = p.identities.map((i) => `${i.kind}: ${i.value}`).join(" · ");
    $("spend").textContent = "¥" + p.lifetime_spend;
    $("order-count").textContent = String(p.order_count);
    $("tags").replaceChildren(...(c.tags || []).map((tag) => el("li", { class: "tag" }, el("span", { text: tag }),
      el("button", { type: "button", class: "secondary", text: "×", title: "移除", onclick: () => removeTag(tag) }))));
    const form = $("facts");
    for (const name of ["name", "phone", "email", "birthday", "vip_level"]) form.elements[name].value = c[name] ?? "";
    form.elements.marketing_opt_out.checked = Boolean(c.marketing_opt_out);
    $("addresses").replaceChildren(...p.addresses.map((a) => el("li", { text: a })));
    $("orders").replaceChildren(...p.orders.map((o) => el("tr", {},
      el("td", { text: o.id }), el("td", { text: ORDER[o.status] || o.status }), el("td", { text: "¥" + o.amount }),
      el("td", { text: new Date(o.created_at).toLocaleString("zh-CN") }))));
    $("timeline").replaceChildren(...p.timeline.map((t) => el("li", { class: "timeline-" + t.kind },
      el("small", { text: new Date(t.at).toLocaleString("zh-CN") + " " }), el("strong", { text: `[${KINDS[t.kind] || t.kind}] ` }),
      el("span", { text: t.title }), t.detail ? el("span", { class: "muted", text: " " + t.detail }) : "",
      t.kind === "refund" || t.kind === "complaint"
        ? el("button", { type: "button", class: "secondary", text: "发满意度回访", onclick: (event) => survey(t, event.target) }) : "")));
    $("merges").replaceChildren(...p.merges.map((m) => el("li", {},
      el("span", { text: `${new Date(m.at).toLocaleString("zh-CN")} ${m.merged_id} → ${m.kept_id}${m.undone ? "（已撤销）" : ""}` }),
      m.undone ? "" : el("button", { type: "button", class: "secondary", text: "撤销合并", onclick: () => undo(m.id) }))));
  }

  async function survey(entry, button) {
    try {
      const sent = await api("POST", "/api/v1/surveys", { case_kind: entry.kind, case_id: entry.id });
      button.replaceWith(el("small", { class: "muted", text: sent.channel === "link" ? "请把链接发给买家：" + sent.link : "已发送" }));
    } catch (error) { button.replaceWith(el("small", { class: "error", text: error.message })); }
  }

  async function removeTag(tag) {
    await api("DELETE", `${base}/tags/${encodeURIComponent(tag)}`);
    load();
  }

  async function undo(mergeId) {
    try { await api("POST", `/api/v1/customers/merges/${encodeURIComponent(mergeId)}/undo`); load(); }
    catch (error) { $("merge-result").textContent = error.message; }
  }

  $("tag-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    await api("POST", base + "/tags", { tag: event.target.elements.tag.value });
    event.target.reset();
    load();
  });
  $("note-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    await api("POST", base + "/notes", { text: event.target.elements.text.value });
    event.target.reset();
    load();
  });
  $("facts").addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = event.target.elements;
    const body = {
      name: f.name.value || null, phone: f.phone.value || null, email: f.email.value || null,
      birthday: f.birthday.value || null, vip_level: f.vip_level.value === "" ? null : Number(f.vip_level.value),
      marketing_opt_out: f.marketing_opt_out.checked,
    };
    try { await api("PATCH", base, body); $("facts-result").textContent = "已保存"; load(); }
    catch (error) { $("facts-result").textContent = error.message; }
  });
  $("merge-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await api("POST", base + "/merge", { duplicate_id: event.target.elements.duplicate_id.value });
      $("merge-result").textContent = "已合并";
      event.target.reset();
      load();
    } catch (error) { $("merge-result").textContent = error.message; }
  });
  $("search").addEventListener("submit", async (event) => {
    event.preventDefault();
    const found = (await api("GET", "/api/v1/customers?q=" + encodeURIComponent(event.target.elements.q.value))).items;
    $("search-results").replaceChildren(...found.map((c) => el("li", {},
      el("a", { href: "/customers/" + encodeURIComponent(c.id), text: `${c.nick || c.id}（${c.id}）` }),
      el("span", { class: "muted", text: " " + [c.phone, c.email].filter(Boolean).join(" · ") }))));
    if (!found.length) $("search-results").replaceChildren(el("li", { class: "muted", text: "没有找到" }));
  });

  load();
})();
