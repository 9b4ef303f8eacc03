// Embeddable chat button for the shop's own site:
//   <script src="https://KEFU-HOST/static/widget.js" data-customer-id="…" data-expires="…" data-sig="…" async></script>
// The data attributes are optional: without them the buyer chats as an anonymous visitor.
// With them (signed by the shop's server, see docs/protocol.md) the chat knows the customer.
(() => {
  const script = document.currentScript;
  const origin = new URL(script.src).origin;
  const params = new URLSearchParams({ embed: "1" });
  for (const key of ["customerId", "expires", "sig"]) {
    if (script.dataset[key]) params.set(key.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()), script.dataset[key]);
  }
  const button = document.createElement("button");
  button.textContent = script.dataset.label || "联系客服";
  button.style.cssText = "position:fixed;right:24px;bottom:24px;z-index:2147483000;padding:12px 18px;border:0;border-radius:24px;background:#ff5000;color:#fff;font-size:15px;box-shadow:0 2px 12px rgba(0,0,0,.2);cursor:pointer";
  let frame = null;
  button.addEventListener("click", () => {
    if (!frame) {
      frame = document.createElement("iframe");
      frame.src = origin + "/chat?" + params;
      frame.title = "在线客服";
      frame.style.cssText = "position:fixed;right:24px;bottom:84px;width:380px;height:560px;max-height:80vh;border:1px solid #e5e5e5;border-radius:12px;background:#fff;z-index:2147483000;box-shadow:0 4px 24px rgba(0,0,0,.2)";
      document.body.append(frame);
    } else {
      frame.hidden = !frame.hidden;
    }
  });
  document.body.append(button);
})();
