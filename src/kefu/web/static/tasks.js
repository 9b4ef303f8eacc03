// Tasks: mine, my team's, everyone's; done or skipped with a result note.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  let scope = "mine";

  function links(t) {
    const out = [];
    if (t.order_id) out.push(el("a", { href: "/orders/" + encodeURIComponent(t.order_id), text: "订单 " + t.order_id }));
    if (t.customer_id) out.push(el("a", { href: "/customers/" + encodeURIComponent(t.customer_id), text: " 客户" }));
    return out;
  }

  async function load() {
    const rows = (await api("GET", `/api/v1/tasks?scope=${scope}&status=${$("status").value}&page_size=200`)).items;
    $("tasks").replaceChildren(...rows.map((t) => {
      const note = el("input", { placeholder: "处理结果", maxlength: "2000" });
      const act = async (status) => {
        try { await api("POST", `/api/v1/tasks/${encodeURIComponent(t.id)}/finish`, { status, note: note.value || null }); load(); }
        catch (error) { note.setCustomValidity(error.message); note.reportValidity(); }
      };
      const detail = t.payload && (t.payload.text || t.payload.script) ? el("small", { class: "muted", text: " " + (t.payload.text || t.payload.script) }) : "";
      return el("tr", { class: t.overdue ? "overdue" : "" },
        el("td", { text: t.kind_label }), el("td", {}, el("span", { text: t.title }), detail),
        el("td", { text: new Date(t.due_at).toLocaleString("zh-CN") + (t.overdue ? "（已超时）" : "") }),
        el("td", {}, ...links(t)),
        el("td", {}, ...(t.status === "open" ? [note,
          ...(t.payload && t.payload.text && ["shipping_notice", "delivery_followup"].includes(t.kind)
            ? [el("button", { type: "button", text: "发送给买家", onclick: async () => {
              try { await api("POST", `/api/v1/tasks/${encodeURIComponent(t.id)}/send`); load(); }
              catch (error) { note.setCustomValidity(error.message); note.reportValidity(); }
            } })] : []),
          el("button", { type: "button", text: "完成", onclick: () => act("done") }),
          el("button", { type: "button", class: "secondary", text: "跳过", onclick: () => act("skipped") })] : [el("span", { text: t.result_note || "" })])));
    }));
  }

  for (const button of $("scopes").querySelectorAll("button")) {
    button.addEventListener("click", () => {
      scope = button.dataset.scope;
      for (const other of $("scopes").querySelectorAll("button")) other.classList.toggle("secondary", other !== button);
      load();
    });
  }
  $("status").addEventListener("change", load);
  load();
})();
