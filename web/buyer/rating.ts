// The end-of-chat rating: 1–5 stars and a comment, offered in the thread under the divider.

import { el } from './dom'
import { stars } from './stars'

export class Rating {
  private item: HTMLLIElement | null = null
  private sessionId = ''

  constructor(
    private readonly list: HTMLOListElement,
    private readonly rate: (sessionId: string, score: number, comment: string | null) => boolean,
  ) {}

  offer(sessionId: string): void {
    if (this.sessionId === sessionId) return
    this.withdraw()
    this.sessionId = sessionId
    const form = el('form', 'rating')
    form.id = 'rating'
    form.append(el('p', 'rating-title', '本次服务您满意吗？'))
    const score = stars(form, () => this.problem(null))
    const comment = el('textarea', 'comment')
    comment.name = 'comment'
    comment.rows = 2
    comment.maxLength = 500
    comment.placeholder = '说说您的感受（选填，最多 500 字）'
    const submit = el('button', 'primary', '提交评价')
    submit.type = 'submit'
    form.append(comment, el('p', 'rating-error'), submit)
    form.addEventListener('submit', (event) => {
      event.preventDefault()
      if (!score()) return this.problem('请先点击星星选择评分')
      if (!this.rate(sessionId, score(), comment.value.trim() || null)) {
        this.problem('网络已断开，请稍后再提交')
      }
    })
    this.item = el('li', 'rating-item')
    this.item.append(form)
    this.list.append(this.item)
  }

  /** A new chat began: an unanswered offer for the old one goes away. */
  withdraw(): void {
    this.item?.remove()
    this.item = null
    this.sessionId = ''
  }

  rated(sessionId: string): void {
    if (sessionId !== this.sessionId || !this.item) return
    this.item.replaceChildren(el('p', 'thanks', '感谢您的评价！'))
  }

  /** A refusal (already rated…) shown in the form; true when a form was there to show it. */
  problem(reason: string | null): boolean {
    const line = this.item?.querySelector<HTMLElement>('.rating-error')
    if (!line) return false
    line.textContent = reason ?? ''
    return true
  }
}
