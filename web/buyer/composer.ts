// Where the buyer writes. Limits are explained before sending: a counter near the length
// limit, the send button off over it, the image size and type checked before upload. A send
// the server refuses comes back into the box with the reason.

import { $, show } from './dom'

export interface ComposerHooks {
  send(text: string): void
  typing(): void
  image(file: File): void
}

const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp']
const NEAR = 0.9 // the counter shows from 90 % of the limit on
const TYPING_EVERY = 2000

export class Composer {
  private readonly text = $<HTMLTextAreaElement>('text')
  private readonly button = $<HTMLButtonElement>('send')
  private readonly counter = $('counter')
  private readonly problem = $('send-error')
  private maxText = 2000
  private maxImage = 5 * 1024 * 1024
  private lastTyping = 0

  constructor(private readonly hooks: ComposerHooks) {
    $('composer').addEventListener('submit', (event) => {
      event.preventDefault()
      this.submit()
    })
    this.text.addEventListener('keydown', (event) => {
      if (event.isComposing || event.keyCode === 229) return // 输入法 still choosing
      if (event.key === 'Enter' && !event.shiftKey) {
        event.preventDefault()
        this.submit()
      }
    })
    this.text.addEventListener('input', () => {
      this.refresh()
      if (Date.now() - this.lastTyping > TYPING_EVERY && this.text.value.trim()) {
        this.lastTyping = Date.now()
        this.hooks.typing()
      }
    })
    const picker = $<HTMLInputElement>('image')
    picker.addEventListener('change', () => {
      const file = picker.files?.[0]
      picker.value = ''
      if (file) this.pick(file)
    })
    this.refresh()
  }

  setLimits(maxText: number, maxImage: number): void {
    this.maxText = maxText
    this.maxImage = maxImage
    $('image-button').title = `发送图片（JPG、PNG、WebP，不超过 ${megabytes(maxImage)} MB）`
    this.refresh()
  }

  /** A Chinese reason under the box; null clears it. */
  error(reason: string | null): void {
    this.problem.textContent = reason ?? ''
    show(this.problem, Boolean(reason))
  }

  /** A refused send: its text back in the box (before anything typed since), with why. */
  restore(text: string, reason: string): void {
    const now = this.text.value
    this.text.value = now.trim() ? `${text}\n${now}` : text
    this.refresh()
    this.error(reason)
    this.text.focus()
  }

  private length(): number {
    return this.text.value.trim().length
  }

  private refresh(): void {
    const length = this.length()
    const over = length - this.maxText
    this.button.disabled = length === 0 || over > 0
    if (over > 0) {
      this.counter.textContent = `已超出 ${over} 字（每条最多 ${this.maxText} 字），请删减后发送`
    } else {
      this.counter.textContent = `还可输入 ${this.maxText - length} 字`
    }
    this.counter.classList.toggle('over', over > 0)
    show(this.counter, length >= this.maxText * NEAR)
    this.text.style.height = 'auto'
    this.text.style.height = `${Math.min(this.text.scrollHeight, 132)}px`
  }

  private submit(): void {
    const text = this.text.value.trim()
    if (!text) return
    if (text.length > this.maxText) return // the counter under the box says why
    this.error(null)
    this.text.value = ''
    this.refresh()
    this.hooks.send(text)
  }

  private pick(file: File): void {
    if (!IMAGE_TYPES.includes(file.type)) {
      this.error('只能发送 JPG、PNG、WebP 格式的图片')
    } else if (file.size > this.maxImage) {
      this.error(`图片不能超过 ${megabytes(this.maxImage)} MB，请压缩或截图后再发送`)
    } else {
      this.error(null)
      this.hooks.image(file)
    }
  }
}

function megabytes(bytes: number): number {
  return Math.round((bytes / (1024 * 1024)) * 10) / 10
}
