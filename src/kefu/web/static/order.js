// The order page: summary, remark flags (history kept), address change, cancel, timeline.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const id = $("order").dataset.orderId;
  const base = "/api/v1/orders/" + encodeURIComponent(id);
  const FLAG = { red: "红旗", yellow: "黄旗", green: "绿旗", blue: "蓝旗", purple: "紫旗", grey: "灰旗" };
  const KIND = { created: "下单", paid: "付款", shipped: "发货", tracking: "物流", delivered: "签收", closed: "关闭", refund: "售后", flag: "旗帜", address: "改地址", cancel: "取消" };

  function show(data) {
    const o = data.order;
    $("title").textContent = `订单 ${o.id} · ${data.status_label}`;
    $("summary").textContent = `¥${o.amount}${o.cod ? "（货到付款）" : ""} · ${o.items.map((i) => `${i.product_id}×${i.qty}`).join("，")}${o.tracking_no ? ` · ${o.courier} ${o.tracking_no}` : ""}`;
    $("receiver").textContent = `收件人：${data.receiver_name || ""} ${data.receiver_phone || ""} ${data.address || ""}`;
    $("flags").replaceChildren(...data.flags.map((f, n) => el("li", { class: "flag flag-" + f.colour + (n === data.flags.length - 1 ? " current" : " history") },
      el("strong", { text: FLAG[f.colour] || f.colour }), el("span", { text: " " + f.text }),
      el("small", { class: "muted", text: ` ${f.author} ${new Date(f.at).toLocaleString("zh-CN")}` }))));
    const form = $("address-form");
    form.elements.receiver_name.value = data.receiver_name || "";
    form.elements.receiver_phone.value = data.receiver_phone || "";
    form.elements.address.value = data.address || "";
    $("timeline").replaceChildren(...data.timeline.map((t) => el("li", { class: "timeline-" + t.kind },
      el("small", { text: new Date(t.at).toLocaleString("zh-CN") + " " }), el("strong", { text: `[${KIND[t.kind] || t.kind}] ` }),
      el("span", { text: t.text }), t.who ? el("small", { class: "muted", text: " " + t.who }) : "")));
  }

  async function act(method, path, body, form) {
    try { show(await api(method, base + path, body)); $("result").textContent = "已保存"; form?.reset(); }
    catch (error) { $("result").textContent = error.message; }
  }

  $("flag-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const f = event.target.elements;
    act("POST", "/flags", { colour: f.colour.value, text: f.text.value }, event.target);
  });
  $("address-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const f = event.target.elements;
    act("PUT", "/address", { receiver_name: f.receiver_name.value, receiver_phone: f.receiver_phone.value, address: f.address.value });
  });
  $("cancel-form").addEventListener("submit", (event) => {
    event.preventDefault();
    if (confirm("确定取消这个订单？")) act("POST", "/cancel", { reason: event.target.elements.reason.value }, event.target);
  });
  $("search").addEventListener("submit", async (event) => {
    event.preventDefault();
    const found = (await api("GET", "/api/v1/orders?q=" + encodeURIComponent(event.target.elements.q.value))).items;
    $("search-results").replaceChildren(...found.map((o) => el("li", {}, el("a", { href: "/orders/" + encodeURIComponent(o.id), text: `${o.id} ¥${o.amount}` }))));
    if (!found.length) $("search-results").replaceChildren(el("li", { class: "muted", text: "没有找到" }));
  });
  api("GET", base).then(show);
})();
