// Follow-up of inquirers who did not buy (/api/v1/followups*).
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface Contact {
  round: number
  due_at: string
  done_at: string | null
  note: string | null
  overdue: boolean
}

export interface FollowUpRow {
  customer_id: string
  buyer_name: string
  inquired_at: string
  asked_about: string
  state: string
  followup_id: string | null
  reason: string | null
  note: string | null
  agent_name: string | null
  next_due_at: string | null
  contacts: Contact[]
  converted_at: string | null
  converted_amount: string | null
}

export interface Summary {
  unconverted: number
  followed: number
  contacted: number
  converted: number
  sales: string
}

export interface FollowUpIn {
  customer_id: string
  inquired_at: string
  reason: string
  note: string | null
  second_due_at: string
  third_due_at: string | null
}

export const followupApi = {
  list: (query: ListQuery) => api.get<Paged<FollowUpRow>>('/api/v1/followups', query),
  summary: (query: ListQuery) => api.get<Summary>('/api/v1/followups/summary', query),
  record: (body: FollowUpIn) => api.post<{ id: string }>('/api/v1/followups', body),
  contact: (id: string, round: number, note: string | null) =>
    api.post<void>(`/api/v1/followups/${encodeURIComponent(id)}/contacts/${round}`, { note }),
}
