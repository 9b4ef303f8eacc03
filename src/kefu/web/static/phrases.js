// Quick phrases (快捷短语): the team's and the agent's own; edit, CSV import/export.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const form = $("editor");
  const supervisor = $("me").dataset.role === "supervisor";

  async function load() {
    const rows = await api("GET", "/api/v1/quick-phrases");
    rows.sort((a, b) => (a.group || "").localeCompare(b.group || "") || (a.shortcut || "").localeCompare(b.shortcut || ""));
    $("phrases").replaceChildren(...rows.map((row) => {
      const mine = row.scope === "personal" || supervisor;
      return el("tr", { dataset: { id: row.id } },
        el("td", { text: row.group || "" }), el("td", { text: row.shortcut || "" }), el("td", { text: row.text }),
        el("td", { text: row.scope === "team" ? "团队" : "个人" }),
        el("td", {}, ...(mine ? [
          el("button", { type: "button", class: "secondary", text: "编辑", onclick: () => edit(row) }),
          el("button", { type: "button", class: "secondary", text: "删除", onclick: () => remove(row) }),
        ] : [])));
    }));
  }

  function edit(row) {
    $("editor-title").textContent = "编辑短语";
    form.elements.id.value = row.id;
    form.elements.shortcut.value = row.shortcut || "";
    form.elements.group.value = row.group || "";
    form.elements.text.value = row.text;
    if (form.elements.team) { form.elements.team.checked = row.scope === "team"; form.elements.team.disabled = true; }
  }

  function reset() {
    form.reset();
    form.elements.id.value = "";
    if (form.elements.team) form.elements.team.disabled = false;
    $("editor-title").textContent = "新增短语";
  }

  async function remove(row) {
    if (!confirm("删除这条短语？")) return;
    await api("DELETE", "/api/v1/quick-phrases/" + encodeURIComponent(row.id));
    load();
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const id = form.elements.id.value;
    const body = {
      text: form.elements.text.value, shortcut: form.elements.shortcut.value || null,
      group: form.elements.group.value || null, team: Boolean(form.elements.team?.checked),
    };
    await kefu.save("/api/v1/quick-phrases", id, body, $("editor-result"), () => { reset(); load(); });
  });
  $("editor-reset").addEventListener("click", reset);

  kefu.csvImport($("import"), "/api/v1/quick-phrases/import", $("import-result"), load);

  load();
})();
