// The conversation as the buyer reads it: bubbles for people and the assistant, centered
// notices for what the shop itself says (transfers, introductions, the queue), a divider
// where a chat ended. Each message is shown once, whatever mix of history, live events and
// acknowledgements brings it.

import type { Message } from './api'
import { clock, el } from './dom'

const SENDER = { agent: '客服', bot: '智能助手', buyer: '我', system: '' } as const

export class Thread {
  private readonly shown = new Map<string, HTMLLIElement>()
  private readonly pending = new Map<string, HTMLLIElement>()
  private readonly ended = new Set<string>()
  private queue: HTMLLIElement | null = null

  constructor(
    private readonly list: HTMLOListElement,
    private readonly scroller: HTMLElement,
    private readonly zone: () => string,
    private readonly token: () => string,
    private readonly onImage: (src: string) => void,
  ) {}

  get empty(): boolean {
    return this.list.childElementCount === 0
  }

  /** Show a message unless it is already there; true when it is new. */
  add(message: Message): boolean {
    if (this.shown.has(message.id)) return false
    const item = message.from === 'system' ? this.notice(message) : this.bubble(message)
    item.dataset.id = message.id
    const waiting = message.client_id ? this.pending.get(message.client_id) : undefined
    const follow = this.atEnd() || message.from === 'buyer'
    if (waiting) {
      waiting.replaceWith(item)
      this.pending.delete(message.client_id!)
    } else {
      this.list.insertBefore(item, this.queue)
    }
    this.shown.set(message.id, item)
    if (follow) this.scrollToEnd()
    return true
  }

  /** The buyer's send, shown at once and marked until the server has it. */
  addPending(key: string, text: string): void {
    const item = el('li', 'message from-buyer pending')
    item.append(el('small', 'meta', '发送中…'), el('span', 'bubble', text))
    this.pending.set(key, item)
    this.list.insertBefore(item, this.queue)
    this.scrollToEnd()
  }

  dropPending(key: string): void {
    this.pending.get(key)?.remove()
    this.pending.delete(key)
  }

  /** "会话已结束" once per session, before whatever comes next. */
  divider(sessionId: string): void {
    if (this.ended.has(sessionId)) return
    this.ended.add(sessionId)
    this.queueNotice(null)
    const item = el('li', 'divider')
    item.append(el('span', '', '会话已结束'))
    this.list.append(item)
    this.scrollToEnd()
  }

  /** The live "前面还有 N 位" line at the end of the thread (null removes it). */
  queueNotice(text: string | null): void {
    if (text === null) {
      this.queue?.remove()
      this.queue = null
      return
    }
    if (!this.queue) {
      this.queue = el('li', 'notice queue')
      this.queue.append(el('span'))
      this.list.append(this.queue)
      this.scrollToEnd()
    }
    this.queue.firstElementChild!.textContent = text
  }

  scrollToEnd(): void {
    this.scroller.scrollTop = this.scroller.scrollHeight
  }

  private atEnd(): boolean {
    const { scrollTop, scrollHeight, clientHeight } = this.scroller
    return scrollHeight - scrollTop - clientHeight < 80
  }

  private notice(message: Message): HTMLLIElement {
    const item = el('li', 'notice')
    item.append(el('span', '', message.text))
    return item
  }

  private bubble(message: Message): HTMLLIElement {
    const item = el('li', `message from-${message.from}`)
    const who = message.from === 'agent' ? message.agent_name || SENDER.agent : SENDER[message.from]
    const when = clock(message.at, this.zone())
    item.append(el('small', 'meta', message.from === 'buyer' ? when : `${who} ${when}`))
    if (message.kind === 'image' && message.attachment_url) {
      const src = `${message.attachment_url}?token=${encodeURIComponent(this.token())}`
      const image = el('img', 'picture')
      image.src = src
      image.alt = '图片'
      image.loading = 'lazy'
      image.addEventListener('load', () => {
        if (!item.nextElementSibling || item.nextElementSibling === this.queue) this.scrollToEnd()
      })
      const frame = el('span', 'bubble image')
      frame.append(image)
      frame.addEventListener('click', () => this.onImage(src))
      item.append(frame)
    } else if (message.kind === 'card' && message.card) {
      item.append(productCard(message.card))
    } else {
      item.append(el('span', 'bubble', message.text))
    }
    return item
  }
}

/** A product card: picture, title, price, and the product's page (text as text, never HTML). */
function productCard(card: NonNullable<Message['card']>): HTMLElement {
  const box = el(card.link ? 'a' : 'span', 'bubble card')
  if (box instanceof HTMLAnchorElement && card.link) {
    box.href = card.link
    box.target = '_blank'
    box.rel = 'noopener noreferrer'
  }
  if (card.image) {
    const image = el('img', 'card-picture')
    image.src = card.image
    image.alt = card.title
    box.append(image)
  }
  const facts = el('span', 'card-facts')
  facts.append(el('strong', '', card.title), el('span', 'card-price', card.price ? `¥${card.price}` : '价格见商品页'))
  if (card.link) facts.append(el('span', 'card-link', '查看商品 ›'))
  box.append(facts)
  return box
}
