// The order review queue (审单): what must ship when, what is late, what blocks it.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);

  async function load() {
    const rows = await api("GET", "/api/v1/order-review");
    $("queue").replaceChildren(...rows.map((r) => {
      const read = el("input", { type: "checkbox", title: "已阅读买家留言" });
      const result = el("small", { class: "muted" });
      const pass = async () => {
        try { await api("POST", `/api/v1/orders/${encodeURIComponent(r.order.id)}/review`, { remark_read: read.checked }); load(); }
        catch (error) { result.textContent = error.message; }
      };
      return el("tr", { class: r.late ? "overdue" : "" },
        el("td", {}, el("a", { href: "/orders/" + encodeURIComponent(r.order.id), text: r.order.id })),
        el("td", { text: r.ship_by + (r.late ? "（已超时）" : "") }),
        el("td", { text: "¥" + r.order.amount + (r.order.cod ? "（到付）" : "") }),
        el("td", {}, r.buyer_remark ? el("label", {}, read, " " + r.buyer_remark) : ""),
        el("td", { text: [...r.problems, ...r.changes.map((c) => "已改数量：" + c)].join("；") }),
        el("td", {}, r.reviewed ? el("span", { text: "已审" }) : el("button", { type: "button", text: "审单通过", onclick: pass }), result));
    }));
  }

  $("ship").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const result = await api("POST", "/api/v1/orders/ship.csv", new FormData(event.target));
      $("ship-result").textContent = `已发货 ${result.shipped} 单`;
      load();
    } catch (error) { $("ship-result").textContent = error.message; }
  });
  load();
})();
