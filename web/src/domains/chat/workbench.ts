// The workbench's state, kept for the whole visit so that drafts, unsent messages and unread
// counts survive switching conversations and pages: the conversation lists, the open one's
// messages, and the agent's sends over her socket (docs/protocol.md).
//
// A send carries a client_id and stays "pending" until its ack; after a reconnect unacked sends
// go again with the same client_id (the server stores each once) and the open conversation is
// resumed from the last message seen. A refused send puts its text back in the box with the
// server's reason.
import { defineStore } from 'pinia'
import { watch } from 'vue'
import { useAuth } from '@/app/auth'
import { useRealtime, type Frame } from '@/app/realtime'
import {
  VIEWS, customerPanel, loadConversations, messagesOf,
  type Conversation, type Message, type Panel, type SessionFrame, type View,
} from './api'

export const MAX_TEXT = 2000
const TYPING_MS = 3000
const READ_DELAY_MS = 300

interface Pending {
  client_id: string
  session_id: string
  text: string
}

const emptyCounts = () => Object.fromEntries(VIEWS.map((view) => [view, 0])) as Record<View, number>

export const useWorkbench = defineStore('workbench', {
  state: () => ({
    view: 'mine' as View,
    q: '',
    list: [] as Conversation[],
    counts: emptyCounts(),
    listLoading: false,
    listError: '',
    current: null as Conversation | null,
    messages: {} as Record<string, Message[]>,
    pending: [] as Pending[],
    drafts: {} as Record<string, string>,
    /** The reason of a refused send or a failed action, per conversation, until the next try. */
    refusals: {} as Record<string, string>,
    typingUntil: {} as Record<string, number>,
    /** The customer panel beside each chat, by customer (phrases fill order numbers from it). */
    panels: {} as Record<string, Panel>,
  }),
  getters: {
    currentMessages(state): Message[] {
      return state.current ? state.messages[state.current.id] ?? [] : []
    },
    currentPending(state): Pending[] {
      return state.pending.filter((item) => item.session_id === state.current?.id)
    },
    /** Whether this agent may write in the open conversation (the server's rule, mirrored). */
    canReply(state): boolean {
      const me = useAuth().me
      const chat = state.current
      if (!chat || !me || chat.status === 'closed') return false
      return chat.status === 'offline' || me.role === 'supervisor' || chat.agent_id === me.id
    },
  },
  actions: {
    /** Listen to the agent's socket once for the whole visit. */
    start() {
      if (started) return
      started = true
      const realtime = useRealtime()
      realtime.listen((frame) => this.onFrame(frame))
      watch(
        () => realtime.connected,
        (connected) => {
          if (connected) this.resync()
        },
        { immediate: true },
      )
    },

    async refresh() {
      this.listLoading = true
      try {
        const result = await loadConversations(this.view, this.q)
        // The open conversation is being read: its unread count is what the socket's read mark
        // is about to clear, not the server's count of a moment ago.
        for (const row of result.items) if (row.id === this.current?.id) row.unread = 0
        this.list = result.items
        this.counts = result.counts
        this.listError = ''
        const fresh = result.items.find((row) => row.id === this.current?.id)
        if (fresh) this.current = { ...fresh }
      } catch (exc) {
        this.listError = exc instanceof Error ? exc.message : '会话列表加载失败'
      } finally {
        this.listLoading = false
      }
    },

    refreshSoon() {
      if (refreshTimer) window.clearTimeout(refreshTimer)
      refreshTimer = window.setTimeout(() => void this.refresh(), 300)
    },

    async open(chat: Conversation) {
      this.current = { ...chat }
      const row = this.list.find((item) => item.id === chat.id)
      if (row) row.unread = 0
      const messages = await messagesOf(chat.id)
      if (this.current?.id !== chat.id) return
      this.messages[chat.id] = []
      this.merge(chat.id, messages)
      const last = messages.at(-1)
      if (row && last && !row.last_message_text) {
        Object.assign(row, { last_message_text: last.text, last_message_from: last.from, last_message_at: last.at })
      }
      useRealtime().send({ type: 'watch', session_id: chat.id })
    },

    async loadPanel(customerId: string) {
      this.panels[customerId] = await customerPanel(customerId)
    },

    /** Send the text as the agent; false when there is nothing to send. */
    send(text: string): boolean {
      const chat = this.current
      const body = text.trim()
      if (!chat || !body || body.length > MAX_TEXT) return false
      const item = { client_id: newClientId(), session_id: chat.id, text: body }
      this.pending.push(item)
      delete this.refusals[chat.id]
      useRealtime().send({ type: 'send', ...item })
      return true
    },

    typing() {
      const chat = this.current
      const now = Date.now()
      if (!chat || now - lastTyping < 2000) return
      lastTyping = now
      useRealtime().send({ type: 'typing', session_id: chat.id })
    },

    /** After (re)connecting: resume the open conversation, resend what was not acked. */
    resync() {
      const realtime = useRealtime()
      const chat = this.current
      if (chat) {
        const seen = [...(this.messages[chat.id] ?? [])].reverse().find((m) => m.seq !== null)
        realtime.send({ type: 'resume', session_id: chat.id, last_seen_id: seen?.id ?? null })
      }
      for (const item of this.pending) realtime.send({ type: 'send', ...item })
      void this.refresh()
    },

    merge(sessionId: string, incoming: Message[]) {
      const known = this.messages[sessionId]
      if (!known) return
      let added = false
      for (const message of incoming) {
        if (known.some((m) => m.id === message.id)) continue
        known.push(message)
        added = true
      }
      if (!added) return
      known.sort((a, b) => (a.seq ?? Infinity) - (b.seq ?? Infinity) || a.at.localeCompare(b.at))
      if (sessionId === this.current?.id) this.markRead()
    },

    markRead() {
      if (readTimer) window.clearTimeout(readTimer)
      readTimer = window.setTimeout(() => {
        const chat = this.current
        const seq = Math.max(0, ...this.currentMessages.map((m) => m.seq ?? 0))
        if (chat && seq > 0 && this.canReply) useRealtime().send({ type: 'read', session_id: chat.id, seq })
      }, READ_DELAY_MS)
    },

    onFrame(frame: Frame) {
      if (frame.type === 'message') this.onMessage(frame.message as Message)
      else if (frame.type === 'ack') this.onAck(frame.client_id as string, frame.message as Message)
      else if (frame.type === 'history') this.merge(frame.session_id as string, frame.messages as Message[])
      else if (frame.type === 'session') this.onSession(frame.session as SessionFrame)
      else if (frame.type === 'typing' && frame.from === 'buyer') {
        this.typingUntil[frame.session_id as string] = Date.now() + TYPING_MS
      } else if (frame.type === 'error' && typeof frame.client_id === 'string') {
        this.onRefused(frame.client_id, frame.reason as string)
      }
    },

    onMessage(message: Message) {
      this.merge(message.session_id, [message])
      const row = this.list.find((item) => item.id === message.session_id)
      if (!row) {
        if (message.from === 'buyer') this.refreshSoon()
        return
      }
      Object.assign(row, { last_message_text: message.text, last_message_from: message.from, last_message_at: message.at })
      if (message.from === 'buyer') {
        row.waiting_since = row.waiting_since ?? message.at
        if (row.id !== this.current?.id) row.unread += 1
        delete this.typingUntil[row.id]
      } else if (message.from === 'agent') {
        row.waiting_since = null
      }
    },

    onAck(clientId: string, message: Message) {
      this.pending = this.pending.filter((item) => item.client_id !== clientId)
      this.onMessage(message)
    },

    onRefused(clientId: string, reason: string) {
      const item = this.pending.find((one) => one.client_id === clientId)
      if (!item) return
      this.pending = this.pending.filter((one) => one !== item)
      const draft = this.drafts[item.session_id] ?? ''
      this.drafts[item.session_id] = draft ? `${item.text}\n${draft}` : item.text
      this.refusals[item.session_id] = reason
    },

    onSession(session: SessionFrame) {
      const current = this.current
      if (current?.id === session.id) {
        const agentName = session.agent_id === current.agent_id ? current.agent_name : null
        this.current = { ...current, ...session, agent_name: agentName }
      }
      this.refreshSoon()
    },
  },
})

let started = false
let refreshTimer: number | null = null
let readTimer: number | null = null
let lastTyping = 0

/** A client id for one send: unique enough, and made without crypto.randomUUID, which plain
 * http on a shop's LAN address does not offer. */
function newClientId(): string {
  return `w${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`
}
