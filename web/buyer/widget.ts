// widget.js: the chat button a shop puts on its own pages.
//
//   <script src="https://KEFU-HOST/widget.js" async
//           data-product-id="p001"                       (the product on this page, optional)
//           data-customer-id="…" data-expires="…" data-sig="…"   (a logged-in customer, optional;
//                                                          signed by the shop's server, docs/protocol.md)
//           data-label="联系客服"></script>               (the button's text, optional)
//
// A floating button opens the chat page in a panel (an iframe) or, on a phone, in a new window.
// Unread replies show as a badge: the chat page posts their count, nothing of the chat itself.
// Everything lives in a shadow root, so the shop's styles and ours never meet.

const SMALL_SCREEN = '(max-width: 640px)'
const STYLE = `
:host { all: initial; }
.button { position: fixed; right: 20px; bottom: 20px; z-index: 2147483000; display: flex; align-items: center;
  gap: 6px; padding: 11px 18px; border: 0; border-radius: 24px; background: #ff5000; color: #fff;
  font: 15px/1.2 -apple-system, "PingFang SC", "Microsoft YaHei", sans-serif; cursor: pointer;
  box-shadow: 0 4px 16px rgba(0,0,0,.2); }
.badge { min-width: 18px; height: 18px; padding: 0 5px; border-radius: 9px; background: #fff; color: #ff5000;
  font-size: 12px; line-height: 18px; text-align: center; font-weight: 600; }
.panel { position: fixed; right: 20px; bottom: 80px; z-index: 2147483000; width: 380px; height: 600px;
  max-height: calc(100vh - 100px); border-radius: 12px; overflow: hidden; background: #fff;
  box-shadow: 0 8px 32px rgba(0,0,0,.22); }
.panel iframe { width: 100%; height: 100%; border: 0; display: block; }
[hidden] { display: none !important; }
`

function start(script: HTMLScriptElement): void {
  const origin = new URL(script.src, location.href).origin
  const data = script.dataset
  const query = new URLSearchParams()
  const pass: [string | undefined, string][] = [
    [data.customerId, 'customer_id'], [data.expires, 'expires'], [data.sig, 'sig'],
    [data.productId, 'product'],
  ]
  for (const [value, name] of pass) if (value) query.set(name, value)
  reportView(origin, data, query)

  const host = document.createElement('div')
  host.setAttribute('data-kefu-widget', '')
  const root = host.attachShadow({ mode: 'open' })
  const style = document.createElement('style')
  style.textContent = STYLE
  const button = document.createElement('button')
  button.className = 'button'
  button.type = 'button'
  button.setAttribute('aria-label', '打开在线客服')
  const label = document.createElement('span')
  label.textContent = data.label || '联系客服'
  const badge = document.createElement('span')
  badge.className = 'badge'
  badge.hidden = true
  button.append(label, badge)
  const panel = document.createElement('div')
  panel.className = 'panel'
  panel.hidden = true
  root.append(style, panel, button)
  document.body.append(host)

  let frame: HTMLIFrameElement | null = null
  let loaded = false // until then the frame holds a blank page of the shop's origin
  let popup: Window | null = null

  const setVisible = (visible: boolean) => {
    panel.hidden = !visible
    button.setAttribute('aria-expanded', String(visible))
    if (loaded) frame?.contentWindow?.postMessage({ type: 'kefu:visible', visible }, origin)
    if (visible) setUnread(0)
  }
  const setUnread = (count: number) => {
    badge.textContent = count > 99 ? '99+' : String(count)
    badge.hidden = count <= 0
  }

  button.addEventListener('click', () => {
    if (matchMedia(SMALL_SCREEN).matches) {
      popup = window.open(`${origin}/chat?${query}`, 'kefu-chat')
      popup?.focus()
      setUnread(0)
      return
    }
    if (!frame) {
      frame = document.createElement('iframe')
      frame.title = '在线客服'
      frame.allow = 'clipboard-write'
      frame.src = `${origin}/chat?${new URLSearchParams([...query, ['embed', '1']])}`
      frame.addEventListener('load', () => {
        loaded = true
        if (panel.hidden) setVisible(false) // closed again before the page came
      }, { once: true })
      panel.append(frame)
    }
    setVisible(panel.hidden)
  })

  window.addEventListener('message', (event) => {
    const fromChat = event.source && (event.source === frame?.contentWindow || event.source === popup)
    if (event.origin !== origin || !fromChat) return
    if (event.data?.type === 'kefu:unread') setUnread(Number(event.data.count) || 0)
    if (event.data?.type === 'kefu:close') setVisible(false)
  })
}

// The page the buyer is on, for the agent's 浏览足迹: a form post (no CORS preflight) that names
// the widget's own viewer id, kept on the shop's origin; the chat page later claims it for the
// buyer (the id rides along in the chat's address). A signed customer is named at once.
function reportView(origin: string, data: DOMStringMap, query: URLSearchParams): void {
  let viewer = `v${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`
  try {
    const kept = localStorage.getItem('kefu_viewer')
    if (kept) viewer = kept
    else localStorage.setItem('kefu_viewer', viewer)
  } catch {
    // storage refused: this page's views stay apart
  }
  query.set('viewer', viewer)
  const view = new URLSearchParams({ viewer, url: location.href.slice(0, 500), title: document.title.slice(0, 200) })
  const signed: [string | undefined, string][] = [[data.customerId, 'customer_id'], [data.expires, 'expires'], [data.sig, 'sig'], [data.productId, 'product_id']]
  for (const [value, name] of signed) if (value) view.set(name, value)
  navigator.sendBeacon?.(`${origin}/api/v1/page-views`, view)
}

const me = document.currentScript
if (me instanceof HTMLScriptElement) {
  if (document.body) start(me)
  else document.addEventListener('DOMContentLoaded', () => start(me))
}
