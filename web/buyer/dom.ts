// Tiny DOM helpers for the buyer pages (no framework: these pages load on the shop's own site).

export function $<T extends HTMLElement = HTMLElement>(id: string): T {
  const found = document.getElementById(id)
  if (!found) throw new Error(`#${id} missing`)
  return found as T
}

/** An element with a class and text; text always as text, never as HTML. */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  className = '',
  text = '',
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag)
  if (className) node.className = className
  if (text) node.textContent = text
  return node
}

export function show(node: HTMLElement, visible: boolean): void {
  node.hidden = !visible
}

/** Times as the shop reads them: 14:05 today, 11月10日 14:05 another day (shop's zone). */
export function clock(value: string | Date, zone: string, now: Date = new Date()): string {
  const at = typeof value === 'string' ? new Date(value) : value
  const day = (d: Date) =>
    new Intl.DateTimeFormat('zh-CN', { timeZone: zone, month: 'numeric', day: 'numeric' }).format(d)
  const hm = new Intl.DateTimeFormat('zh-CN', {
    timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).format(at)
  if (day(at) === day(now)) return hm
  const tomorrow = new Date(now.getTime() + 86400_000)
  if (day(at) === day(tomorrow)) return `明天 ${hm}`
  return `${day(at).replace('/', '月')}日 ${hm}`
}

/** An id for a send that a reconnect may repeat (the server drops the repeat). */
export function clientId(): string {
  const random = Math.random().toString(36).slice(2, 10)
  return `c-${Date.now().toString(36)}-${random}`
}
