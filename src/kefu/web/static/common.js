// Helpers shared by the agent pages. Text is always set with textContent: nothing
// a buyer types is ever parsed as HTML.
"use strict";

const kefu = {
  csrf: document.querySelector('meta[name="csrf-token"]')?.content,

  el(tag, props = {}, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === "dataset") Object.assign(node.dataset, value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  },

  async api(method, path, body) {
    const headers = { "X-CSRF-Token": kefu.csrf || "" };
    let payload = body;
    if (body !== undefined && !(body instanceof FormData)) {
      headers["Content-Type"] = "application/json";
      payload = JSON.stringify(body);
    }
    const response = await fetch(path, { method, headers, body: payload, credentials: "same-origin" });
    if (response.status === 401) { location.href = "/login?next=" + encodeURIComponent(location.pathname); }
    if (!response.ok) {
      const problem = await response.json().catch(() => ({ reason: response.statusText }));
      throw Object.assign(new Error(problem.reason || "请求失败"), { problem });
    }
    return response.status === 204 ? null : response.json();
  },

  waited(since) {
    if (!since) return "";
    const seconds = Math.max(0, Math.floor((Date.now() - Date.parse(since)) / 1000));
    return seconds < 60 ? `${seconds}秒` : `${Math.floor(seconds / 60)}分${seconds % 60}秒`;
  },

  time(iso) {
    return new Date(iso).toLocaleTimeString("zh-CN", { hour: "2-digit", minute: "2-digit" });
  },

  // A WebSocket that reconnects with backoff; onOpen runs after every (re)connect.
  socket(path, { onFrame, onOpen, onState }) {
    let delay = 500;
    const holder = { ws: null, send(frame) { if (holder.ws?.readyState === 1) holder.ws.send(JSON.stringify(frame)); } };
    const connect = () => {
      const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + path);
      holder.ws = ws;
      ws.onopen = () => { delay = 500; onState?.("open"); onOpen?.(); };
      ws.onmessage = (event) => onFrame(JSON.parse(event.data));
      ws.onclose = (event) => {
        onState?.("closed");
        if (event.code === 4401) { location.href = "/login?next=" + encodeURIComponent(location.pathname); return; }
        setTimeout(connect, delay);
        delay = Math.min(delay * 2, 10000);
      };
    };
    connect();
    return holder;
  },

  // The intents of shared/spec/intents.md, as the interface names them.
  INTENTS: {
    greeting: "问候", product_info: "商品咨询", size_advice: "尺码推荐", stock: "库存", price_bargain: "价格优惠",
    payment: "支付", shipping_time: "发货时效", logistics_query: "物流查询", change_address: "修改地址",
    change_order: "修改订单", cancel_order: "取消订单", invoice: "发票", cod: "货到付款", return_exchange: "退换货",
    refund_status: "退款进度", quality_issue: "质量问题", usage_help: "使用指导", complaint: "投诉", review: "评价",
    human_agent: "转人工", thanks_bye: "致谢结束", other: "其他",
  },
};
