// The knowledge base's calls (/api/v1/bot/kb*) and the bot's try-out (/api/v1/bot/ask).
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
