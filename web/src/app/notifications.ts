// The notification area: new chats and transfers pushed over the agent's socket, tasks and
// refunds near their deadline polled from /api/v1/notifications; a chime and a title badge.
import { defineStore } from 'pinia'
import { api } from '@/kit/http'
import { chime } from '@/kit/sound'
import type { Frame } from './realtime'

export interface Notice {
  key: string
  kind: string
  title: string
  link: string
  due_at?: string | null
  at: string
}

interface Summary {
  sections: { kind: string; items: { kind: string; id: string; title: string; due_at: string | null; link: string }[] }[]
}

const POLL_MS = 60_000

export const useNotifications = defineStore('notifications', {
  state: () => ({ items: [] as Notice[], seen: new Set<string>(), muted: false }),
  getters: {
    unread: (state) => state.items.filter((item) => !state.seen.has(item.key)).length,
  },
  actions: {
    add(notice: Notice, { sound = true } = {}) {
      if (this.items.some((item) => item.key === notice.key)) return
      this.items.unshift(notice)
      this.items.splice(50)
      if (sound && !this.muted) chime()
    },
    markAllSeen() {
      for (const item of this.items) this.seen.add(item.key)
    },
    /** New chats and transfers to me arrive as `session` frames assigned to me. */
    onFrame(frame: Frame, myId: string) {
      if (frame.type === 'incoming_call') {
        const who = typeof frame.customer_name === 'string' ? frame.customer_name : frame.phone
        this.add({ key: `call:${frame.hotline_call_id}`, kind: 'call', title: `来电：${who}`, link: `/hotline?call=${frame.hotline_call_id}`, at: new Date().toISOString() })
        return
      }
      if (frame.type !== 'session') return
      const session = frame.session as { id: string; agent_id: string | null; status: string }
      if (session.agent_id !== myId || session.status !== 'assigned') return
      this.add({
        key: `chat:${session.id}`,
        kind: frame.transferred ? 'transfer' : 'chat',
        title: frame.transferred ? '有会话转接给您' : '新会话已分配给您',
        link: `/workbench?session=${session.id}`,
        at: new Date().toISOString(),
      })
    },
    async poll() {
      try {
        const summary = await api.get<Summary>('/api/v1/notifications')
        const items = summary.sections.flatMap((section) => section.items)
        const fresh = items.filter((item) => !this.items.some((n) => n.key === `${item.kind}:${item.id}`))
        for (const item of items) {
          this.add({ key: `${item.kind}:${item.id}`, kind: item.kind, title: item.title, link: item.link, due_at: item.due_at, at: new Date().toISOString() }, { sound: false })
        }
        if (fresh.length > 0 && !this.muted) chime()
      } catch {
        // The bell stays as it was; the next poll tries again.
      }
    },
    start() {
      if (timer) return
      void this.poll()
      timer = window.setInterval(() => void this.poll(), POLL_MS)
    },
    stop() {
      if (timer) window.clearInterval(timer)
      timer = null
      this.items = []
      this.seen.clear()
    },
  },
})

let timer: number | null = null
