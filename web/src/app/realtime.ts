// The agent's one WebSocket (/ws/agent), held by the shell on every page: it is what makes her
// 在线, and it carries new chats and transfers to the notification area and the workbench.
import { defineStore } from 'pinia'

export interface Frame {
  type: string
  [key: string]: unknown
}
type Listener = (frame: Frame) => void

const RETRY_MS = [1000, 2000, 5000, 10000]
// The server closes a socket that says nothing for two minutes (an idle tab is not 在线).
const PING_MS = 25_000

export const useRealtime = defineStore('realtime', {
  state: () => ({ connected: false, attempts: 0 }),
  actions: {
    connect() {
      if (wanted) return
      wanted = true
      open(this)
    },
    disconnect() {
      wanted = false
      socket?.close()
      socket = null
      this.connected = false
    },
    send(frame: Frame): boolean {
      if (!socket || socket.readyState !== WebSocket.OPEN) return false
      socket.send(JSON.stringify(frame))
      return true
    },
    /** Listen to every frame; returns the function that stops listening. */
    listen(listener: Listener): () => void {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  },
})

let socket: WebSocket | null = null
let wanted = false
const listeners = new Set<Listener>()

function open(store: ReturnType<typeof useRealtime>) {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws'
  const ws = new WebSocket(`${scheme}://${location.host}/ws/agent`)
  socket = ws
  let ping = 0
  ws.onopen = () => {
    store.connected = true
    store.attempts = 0
    ping = window.setInterval(() => ws.readyState === WebSocket.OPEN && ws.send('{"type":"ping"}'), PING_MS)
  }
  ws.onmessage = (event) => {
    const frame = JSON.parse(event.data) as Frame
    for (const listener of listeners) listener(frame)
  }
  ws.onclose = (event) => {
    window.clearInterval(ping)
    if (socket !== ws) return
    store.connected = false
    socket = null
    if (event.code === 4401 || event.code === 4403) wanted = false
    if (!wanted) return
    const delay = RETRY_MS[Math.min(store.attempts, RETRY_MS.length - 1)]
    store.attempts += 1
    setTimeout(() => wanted && !socket && open(store), delay)
  }
}
