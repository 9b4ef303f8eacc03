// The FAQ knowledge base (知识库): list, edit, CSV import/export, and a try-out box.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const INTENTS = kefu.INTENTS;
  const form = $("editor");
  const editor = $("import").dataset.editor === "yes";
  $("editor-card").hidden = !editor;
  $("import").hidden = !editor;
  $("intent-select").replaceChildren(...Object.entries(INTENTS).map(([id, label]) => el("option", { value: id, text: `${label}（${id}）` })));

  async function load() {
    const rows = await api("GET", "/api/v1/bot/kb");
    $("entries").replaceChildren(...rows.map((row) => el("tr", { dataset: { id: row.id } },
      el("td", { text: INTENTS[row.intent] || row.intent }),
      el("td", { text: row.questions.join(" / ") }),
      el("td", { text: row.answer }),
      el("td", { text: row.product_id || "" }),
      el("td", { text: row.enabled ? "是" : "否" }),
      el("td", {}, ...(editor ? [
        el("button", { type: "button", class: "secondary", text: "编辑", onclick: () => edit(row) }),
        el("button", { type: "button", class: "secondary", text: "删除", onclick: () => remove(row) }),
      ] : [])))));
  }

  function edit(row) {
    $("editor-title").textContent = "编辑问答";
    form.elements.id.value = row.id;
    form.elements.intent.value = row.intent;
    form.elements.questions.value = row.questions.join("\n");
    form.elements.answer.value = row.answer;
    form.elements.product_id.value = row.product_id || "";
    form.elements.enabled.checked = row.enabled;
    form.scrollIntoView();
  }

  function reset() {
    form.reset();
    form.elements.id.value = "";
    $("editor-title").textContent = "新增问答";
  }

  async function remove(row) {
    if (!confirm("删除这条问答？")) return;
    await api("DELETE", "/api/v1/bot/kb/" + encodeURIComponent(row.id));
    load();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = form.elements.id.value;
    const body = {
      intent: form.elements.intent.value,
      questions: form.elements.questions.value.split("\n").map((q) => q.trim()).filter(Boolean),
      answer: form.elements.answer.value,
      product_id: form.elements.product_id.value.trim() || null,
      enabled: form.elements.enabled.checked,
    };
    await kefu.save("/api/v1/bot/kb", id, body, $("editor-result"), () => { reset(); load(); });
  });
  $("editor-reset").addEventListener("click", reset);

  kefu.csvImport($("import"), "/api/v1/bot/kb/import", $("import-result"), load);

  $("try").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const r = await api("POST", "/api/v1/bot/ask", { text: event.target.elements.text.value });
      const label = INTENTS[r.intent] || r.intent;
      $("try-result").textContent = `意图：${label}（置信度 ${r.confidence}）${r.handoff ? "，转人工：" + r.handoff_reason : ""}。回答：${r.answer || ""}`;
    } catch (error) { $("try-result").textContent = error.message; }
  });

  load();
})();
