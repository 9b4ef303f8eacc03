// Small SVG charts (line and grouped bars), drawn here rather than pulled from a
// library: the dashboard needs two shapes and no network at run time.
"use strict";

const kefuCharts = (() => {
  const NS = "http://www.w3.org/2000/svg";
  const COLOURS = ["#ff5000", "#1677ff", "#52c41a", "#faad14"];
  const W = 560, H = 220, PAD = { left: 44, right: 12, top: 12, bottom: 36 };

  function svg(tag, attrs = {}, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function frame(container, labels, max) {
    const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "kefu-chart", role: "img" });
    const plotH = H - PAD.top - PAD.bottom;
    for (let i = 0; i <= 4; i++) {
      const y = PAD.top + plotH - (plotH * i) / 4;
      root.append(svg("line", { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, class: "grid" }));
      root.append(svg("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end", class: "tick" }, formatTick((max * i) / 4)));
    }
    const step = (W - PAD.left - PAD.right) / Math.max(labels.length, 1);
    const every = Math.ceil(labels.length / 8);
    labels.forEach((label, i) => {
      if (i % every === 0) root.append(svg("text", { x: PAD.left + step * (i + 0.5), y: H - 12, "text-anchor": "middle", class: "tick" }, label));
    });
    container.replaceChildren(root);
    return { root, step, y: (v) => PAD.top + plotH - (plotH * v) / (max || 1) };
  }

  function formatTick(value) { return value >= 100 ? Math.round(value) : Math.round(value * 10) / 10; }
  function niceMax(values) { const m = Math.max(0, ...values.filter((v) => v != null)); return m === 0 ? 1 : m * 1.1; }

  function line(container, labels, series) {
    const max = niceMax(series.flatMap((s) => s.values));
    const { root, step, y } = frame(container, labels, max);
    series.forEach((s, n) => {
      const points = s.values.map((v, i) => (v == null ? null : [PAD.left + step * (i + 0.5), y(v)]));
      const d = points.reduce((acc, p, i) => (p ? acc + `${acc && points[i - 1] ? "L" : "M"}${p[0]},${p[1]} ` : acc), "");
      root.append(svg("path", { d, class: "series", stroke: COLOURS[n % COLOURS.length], fill: "none" }));
      points.forEach((p, i) => {
        if (!p) return;
        const dot = svg("circle", { cx: p[0], cy: p[1], r: 3, fill: COLOURS[n % COLOURS.length] });
        dot.append(svg("title", {}, `${labels[i]} ${s.name}: ${s.values[i]}`));
        root.append(dot);
      });
    });
  }

  function bars(container, labels, series) {
    const max = niceMax(series.flatMap((s) => s.values));
    const { root, step, y } = frame(container, labels, max);
    const width = (step * 0.8) / series.length;
    series.forEach((s, n) => s.values.forEach((v, i) => {
      const x = PAD.left + step * i + step * 0.1 + width * n;
      const bar = svg("rect", { class: "bar", x, y: y(v || 0), width: width - 1, height: Math.max(0, y(0) - y(v || 0)), fill: COLOURS[n % COLOURS.length] });
      bar.append(svg("title", {}, `${labels[i]} ${s.name}: ${v ?? "—"}`));
      root.append(bar);
    }));
    const legend = svg("g", {});
    series.forEach((s, n) => {
      legend.append(svg("rect", { x: PAD.left + n * 110, y: 0, width: 10, height: 10, fill: COLOURS[n % COLOURS.length] }));
      legend.append(svg("text", { x: PAD.left + n * 110 + 14, y: 9, class: "tick" }, s.name));
    });
    root.append(legend);
  }

  return { line, bars };
})();
