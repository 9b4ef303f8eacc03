// The page inside the shop's site: widget.js shows it in a panel (an iframe, `?embed=1`) or
// opens it in a new window on phones. Both learn of unread replies by postMessage (a count
// only, nothing of the chat itself); the panel tells the page when it is shown or hidden.

export class Outside {
  readonly embedded = new URLSearchParams(location.search).get('embed') === '1' && parent !== window
  private shown = true
  private unread = 0
  private base = document.title

  constructor() {
    window.addEventListener('message', (event) => {
      if (event.source !== parent || event.data?.type !== 'kefu:visible') return
      this.shown = Boolean(event.data.visible)
      if (this.shown) this.read()
    })
    document.addEventListener('visibilitychange', () => {
      if (this.visible()) this.read()
    })
  }

  /** A reply the buyer has not seen yet (the panel is closed or the tab in the background). */
  incoming(): void {
    if (this.visible()) return
    this.unread += 1
    this.tell()
  }

  /** The page's title (the shop's name), kept under the unread count. */
  title(text: string): void {
    this.base = text
    document.title = this.unread ? `(${this.unread}) ${text}` : text
  }

  /** The panel's own close button. */
  close(): void {
    this.post({ type: 'kefu:close' })
  }

  private visible(): boolean {
    return document.visibilityState === 'visible' && (!this.embedded || this.shown)
  }

  private read(): void {
    if (this.unread === 0) return
    this.unread = 0
    this.tell()
  }

  private tell(): void {
    this.title(this.base)
    this.post({ type: 'kefu:unread', count: this.unread })
  }

  private post(message: object): void {
    const target = this.embedded ? parent : (opener as Window | null)
    try {
      target?.postMessage(message, '*')
    } catch {
      // the opener navigated away
    }
  }
}
