// /ws/buyer with reconnects (docs/protocol.md). While the line is down, sends wait in the
// caller's own list and typing is dropped; each `welcome` (every reconnect) is the caller's
// cue to resume the session and resend what was not acknowledged.

export type Frame = { type: string; [key: string]: unknown }

export interface SocketEvents {
  onFrame(frame: Frame): void
  onDown(): void
  /** The token was refused (4401): get a new one; the socket reconnects with it. */
  onRefused(): Promise<string>
}

const FIRST_DELAY = 500
const MAX_DELAY = 10_000

export class BuyerSocket {
  private ws: WebSocket | null = null
  private delay = FIRST_DELAY
  private retry = 0

  constructor(
    private token: string,
    private readonly events: SocketEvents,
  ) {
    this.open()
    // A phone that wakes up or comes back online reconnects at once, not after the back-off.
    window.addEventListener('online', () => this.nudge())
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') this.nudge()
    })
  }

  send(frame: Frame): boolean {
    if (this.ws?.readyState !== WebSocket.OPEN) return false
    this.ws.send(JSON.stringify(frame))
    return true
  }

  private open(): void {
    this.retry = 0
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://'
    const ws = new WebSocket(
      `${scheme}${location.host}/ws/buyer?token=${encodeURIComponent(this.token)}`,
    )
    let welcomed = false
    this.ws = ws
    ws.onmessage = (event) => {
      const frame = JSON.parse(String(event.data)) as Frame
      if (frame.type === 'welcome') {
        welcomed = true
        this.delay = FIRST_DELAY
      }
      // A refusal's error frame precedes its 4401 close; the new token answers it.
      if (welcomed) this.events.onFrame(frame)
    }
    ws.onclose = (event) => {
      if (this.ws !== ws) return
      this.ws = null
      this.events.onDown()
      if (event.code === 4401) {
        void this.events.onRefused().then((token) => {
          this.token = token
          this.open()
        })
        return
      }
      this.retry = window.setTimeout(() => this.open(), this.delay)
      this.delay = Math.min(this.delay * 2, MAX_DELAY)
    }
  }

  private nudge(): void {
    if (!this.retry) return
    window.clearTimeout(this.retry)
    this.open()
  }
}
