// 1–5 stars with words, for the end-of-chat rating and the survey page.

import { el } from './dom'

const WORDS = ['非常不满意', '不满意', '一般', '满意', '非常满意']

/** Fill `host` with five star buttons; returns the chosen score (0: none yet). */
export function stars(host: HTMLElement, onPick: (score: number) => void = () => {}): () => number {
  let chosen = 0
  const row = el('span', 'stars')
  row.setAttribute('role', 'radiogroup')
  row.setAttribute('aria-label', '评分')
  const word = el('span', 'star-word', '请点击星星评分')
  const buttons = WORDS.map((label, index) => {
    const button = el('button', 'star', '★')
    button.type = 'button'
    button.dataset.score = String(index + 1)
    button.title = label
    button.setAttribute('role', 'radio')
    button.setAttribute('aria-label', `${index + 1} 星 ${label}`)
    button.addEventListener('click', () => {
      chosen = index + 1
      buttons.forEach((other, at) => {
        other.classList.toggle('on', at < chosen)
        other.setAttribute('aria-checked', String(at + 1 === chosen))
      })
      word.textContent = label
      onPick(chosen)
    })
    return button
  })
  row.append(...buttons)
  host.append(row, word)
  return () => chosen
}
