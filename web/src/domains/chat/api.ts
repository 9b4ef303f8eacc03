// The chat domain's calls and shapes: conversations, messages, transfers, the customer panel
// beside a chat, and the supervisor's live overview.
import { api, type Paged } from '@/kit/http'
import type { Card } from '@/kit/ProductCard.vue'

export type Sender = 'buyer' | 'agent' | 'bot' | 'system'

export interface Message {
  id: string
  session_id: string
  seq: number | null
  at: string
  from: Sender
  agent_id: string | null
  agent_name: string | null
  text: string
  kind: string
  attachment_url: string | null
  client_id: string | null
  card?: Card | null // kind "card": a product card
}

/** A conversation as the workbench lists show it (the chat domain's ConversationOut). */
export interface Conversation {
  id: string
  customer_id: string
  buyer_name: string
  channel: string
  status: string
  group_id: string | null
  agent_id: string | null
  agent_name: string | null
  opened_at: string
  closed_at: string | null
  waiting_since: string | null
  last_message_text: string | null
  last_message_at: string | null
  last_message_from: Sender | null
  unread: number
  product_id: string | null
  product_title: string | null
  bot_intent: string | null
  handoff_reason: string | null
}

/** A session as the socket's `session` frames carry it. */
export interface SessionFrame {
  id: string
  customer_id: string
  channel: string
  status: string
  group_id: string | null
  agent_id: string | null
  closed_at: string | null
  waiting_since: string | null
  bot_intent?: string | null
  handoff_reason?: string | null
}

export const VIEWS = ['mine', 'unassigned', 'queued', 'offline', 'closed_today'] as const
/** The most a tab shows at once (the API's largest page); older ones are found by search. */
const PAGE_SIZE = 200
export type View = (typeof VIEWS)[number]

export interface ConversationList {
  items: Conversation[]
  counts: Record<View, number>
}

/**
 * The conversations of one tab of the workbench, and how many each tab holds (under the same
 * search): one page of the view shown, and the `total` of a one-row page for every other tab.
 */
export async function loadConversations(view: View, q: string): Promise<ConversationList> {
  const pages = await Promise.all(
    VIEWS.map((name) =>
      api.get<Paged<Conversation>>('/api/v1/chat/conversations', {
        view: name, q, page_size: name === view ? PAGE_SIZE : 1,
      }),
    ),
  )
  const counts = Object.fromEntries(VIEWS.map((name, index) => [name, pages[index].total])) as Record<View, number>
  return { items: pages[VIEWS.indexOf(view)].items, counts }
}

export const messagesOf = (sessionId: string) =>
  api.get<Message[]>(`/api/v1/chat/sessions/${encodeURIComponent(sessionId)}/messages`)

export function sendImage(sessionId: string, file: File): Promise<Message> {
  const form = new FormData()
  form.append('file', file)
  return api.upload<Message>(`/api/v1/chat/sessions/${encodeURIComponent(sessionId)}/images`, form)
}

export const closeConversation = (sessionId: string) =>
  api.post<void>(`/api/v1/chat/sessions/${encodeURIComponent(sessionId)}/close`)

export interface TransferIn {
  to_agent: string | null
  to_group: string | null
  reason: string
}

export const transfer = (sessionId: string, body: TransferIn) =>
  api.post<SessionFrame>(`/api/v1/chat/sessions/${encodeURIComponent(sessionId)}/transfer`, body)

export interface AgentLoad {
  id: string
  name: string
  role: string
  group_id: string | null
  group_name: string | null
  status: string
  load: number
  max_concurrent: number
}

export interface Colleagues {
  agents: AgentLoad[]
  groups: { id: string; name: string; free: number }[]
}

export const colleagues = () => api.get<Colleagues>('/api/v1/chat/colleagues')

export interface Overview {
  queues: { group_id: string; group_name: string; queued: number; oldest_queued_at: string | null }[]
  agents: AgentLoad[]
  waiting_over_60s: (SessionFrame & { customer_nick: string | null })[]
  offline_open: number
}

export const overview = () => api.get<Overview>('/api/v1/chat/overview')

// Helping the agent write: phrases, the bot's suggestions, the pre-send quality check.

export interface Phrase {
  id: string
  shortcut: string | null
  text: string
  group: string | null
  scope: string
  campaign: boolean
}

/** The reply box's phrases; in surge mode (大促) the campaign's come first. */
export const quickPhrases = (campaignFirst = false) =>
  api.get<Phrase[]>('/api/v1/quick-phrases', campaignFirst ? { campaign_first: true } : undefined)

export interface Suggestions {
  intent: string
  confidence: number
  suggestions: { source: string; title: string; text: string }[]
}

export const suggest = (sessionId: string, messageId: string) =>
  api.get<Suggestions>('/api/v1/bot/suggest', { session_id: sessionId, message_id: messageId })

/** "This is intent X": the buyer message joins the bot's labelled data for the next training. */
export const markIntent = (messageId: string, intent: string) =>
  api.put<void>(`/api/v1/bot/labels/${encodeURIComponent(messageId)}`, { intent })

export interface Finding {
  rule: string
  excerpt: string
  severity: string
}

export const qcCheck = (text: string) =>
  api.post<{ text: string; findings: Finding[] }>('/api/v1/qc/check', { text })

export const qcRules = () => api.get<{ id: string; name: string }[]>('/api/v1/qc/rules')

export const tagFeedback = (body: {
  source_id: string
  session_id: string
  category: string
  product_id: string | null
}) => api.post<{ id: string }>('/api/v1/feedback', { source_kind: 'message', ...body })

// The customer beside the chat.

export interface TimelineEntry {
  kind: string
  at: string
  id: string
  title: string
  detail: string | null
}

export interface PanelOrder {
  id: string
  title: string
  status: string
  status_label: string
  amount: string
  cod: boolean
  created_at: string
  paid_at: string | null
  shipped_at: string | null
  courier: string | null
  tracking_no: string | null
  address: string | null
  items: { product_id: string; sku_id: string | null; qty: number; price: string | null }[]
}

export interface Panel {
  customer: {
    id: string
    nick: string | null
    name: string | null
    phone: string | null
    email: string | null
    tags: string[] | null
    vip_level: number
    note: string | null
  }
  orders: PanelOrder[]
  open_cases: {
    kind: string
    id: string
    title: string
    status_label: string
    at: string
    due_at: string | null
    order_id: string | null
  }[]
  notes: TimelineEntry[]
  timeline: TimelineEntry[]
}

const customer = (id: string) => `/api/v1/customers/${encodeURIComponent(id)}`

export const customerPanel = (id: string) => api.get<Panel>(`${customer(id)}/panel`)
export const addTag = (id: string, tag: string) => api.post<void>(`${customer(id)}/tags`, { tag })
export const removeTag = (id: string, tag: string) =>
  api.delete<void>(`${customer(id)}/tags/${encodeURIComponent(tag)}`)
export const addNote = (id: string, text: string) => api.post<void>(`${customer(id)}/notes`, { text })

export interface StockProduct {
  id: string
  title: string
  skus: { sku: string; attributes: Record<string, string> | null; listed: number; actual: number | null }[]
}

export const stockLookup = (q: string) => api.get<StockProduct[]>('/api/v1/products', { q })
