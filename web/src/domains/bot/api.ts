// The knowledge base's calls (/api/v1/bot/kb*), the FAQ proposals mined from the shop's history
// (/api/v1/bot/proposals*) and the bot's try-out (/api/v1/bot/ask).
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface KbEntry {
  id: string
  intent: string
  questions: string[]
  answer: string
  product_id: string | null
  product_title: string | null
  enabled: boolean
  updated_at: string
}

export type KbEntryIn = Pick<KbEntry, 'intent' | 'questions' | 'answer' | 'product_id' | 'enabled'>

export interface KbOptions {
  variables: string[]
  product_variables: string[]
}

export interface BotAnswer {
  intent: string
  confidence: number
  answer: string | null
  handoff: boolean
  handoff_reason: string | null
}

export interface ProductHit {
  id: string
  title: string
}

export const KB_CSV = '/api/v1/bot/kb.csv'

/** A FAQ entry `kefu bot mine` proposes: a recurring buyer question and the answer agents gave most. */
export interface Proposal {
  id: string
  intent: string
  intent_name: string
  answered_live: boolean
  questions: string[]
  answer: string
  alternatives: string[]
  count: number
  sessions: number
  status: string
  created_at: string
  decided_at: string | null
  decided_by_name: string | null
  kb_entry_id: string | null
}

export type ProposalEdit = Pick<Proposal, 'intent' | 'questions' | 'answer'>

export interface MineReport {
  messages: number
  clusters: number
  proposed: number
  replaced: number
}

const proposal = (id: string) => `/api/v1/bot/proposals/${encodeURIComponent(id)}`

export const proposalApi = {
  list: (query: ListQuery) => api.get<Paged<Proposal>>('/api/v1/bot/proposals', query),
  edit: (id: string, body: ProposalEdit) => api.put<Proposal>(proposal(id), body),
  /** With ``body``: the last edits are saved, then accepted. */
  accept: (id: string, body?: ProposalEdit) => api.post<Proposal>(`${proposal(id)}/accept`, body),
  reject: (id: string) => api.post<Proposal>(`${proposal(id)}/reject`),
  mine: () => api.post<MineReport>('/api/v1/bot/proposals/mine', {}),
}

export const kbApi = {
  list: (query: ListQuery) => api.get<Paged<KbEntry>>('/api/v1/bot/kb', query),
  options: () => api.get<KbOptions>('/api/v1/bot/kb/options'),
  add: (body: KbEntryIn) => api.post<KbEntry>('/api/v1/bot/kb', body),
  update: (id: string, body: KbEntryIn) => api.put<KbEntry>(`/api/v1/bot/kb/${encodeURIComponent(id)}`, body),
  remove: (id: string) => api.delete<void>(`/api/v1/bot/kb/${encodeURIComponent(id)}`),
  importCsv: (file: File) => {
    const form = new FormData()
    form.append('file', file)
    return api.upload<{ imported: number }>('/api/v1/bot/kb/import', form)
  },
  ask: (text: string) => api.post<BotAnswer>('/api/v1/bot/ask', { text }),
  /** Products by title (or id), for the entry's product and the list's filter. */
  products: (q: string) => api.get<ProductHit[]>('/api/v1/products', { q }),
}
