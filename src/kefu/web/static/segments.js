// Segments (客户分群): saved rules, their members and counts, a preview before saving.
"use strict";

(() => {
  const { el, api } = kefu;
  const $ = (id) => document.getElementById(id);
  const form = $("editor");

  function rules() {
    try { return JSON.parse(form.elements.rules.value); }
    catch { $("result").textContent = "规则不是合法的 JSON"; return null; }
  }

  function show(result) {
    $("result").textContent = `共 ${result.count} 人`;
    $("members").replaceChildren(...result.members.map((id) => el("li", {}, el("a", { href: "/customers/" + encodeURIComponent(id), text: id }))));
  }

  async function load() {
    const rows = await api("GET", "/api/v1/segments");
    $("segments").replaceChildren(...rows.map((s) => el("tr", {},
      el("td", { text: s.name }), el("td", {}, el("code", { text: JSON.stringify(s.rules) })),
      el("td", {}, el("button", { type: "button", class: "secondary", text: "成员", onclick: () => open(s) })))));
  }

  async function open(segment) {
    form.elements.id.value = segment.id;
    form.elements.name.value = segment.name;
    form.elements.rules.value = JSON.stringify(segment.rules, null, 1);
    $("editor-title").textContent = "分群：" + segment.name;
    show(await api("GET", "/api/v1/segments/" + encodeURIComponent(segment.id)));
  }

  $("preview").addEventListener("click", async () => {
    const body = rules();
    if (!body) return;
    try { show(await api("POST", "/api/v1/segments/preview", { name: form.elements.name.value || "预览", rules: body })); }
    catch (error) { $("result").textContent = error.message; }
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = rules();
    if (!body) return;
    const id = form.elements.id.value;
    try {
      show(await api(id ? "PUT" : "POST", "/api/v1/segments" + (id ? "/" + encodeURIComponent(id) : ""), { name: form.elements.name.value, rules: body }));
      load();
    } catch (error) { $("result").textContent = error.message; }
  });
  load();
})();
