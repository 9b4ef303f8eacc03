import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface Customer {
  id: string
  nick: string | null
  name: string | null
  phone: string | null
  email: string | null
  tags: string[] | null
  birthday: string | null
  note: string | null
  vip_level: number
  marketing_opt_out: boolean
  merged_into_id: string | null
}

export interface CustomerRow extends Customer {
  display_name: string
  order_count: number
  total_spent: string
  last_order_at: string | null
  last_contact_at: string | null
  has_open_case: boolean
}

export interface TimelineEntry {
  kind: string
  at: string
  id: string
  title: string
  detail: string | null
}

export interface Profile {
  customer: Customer
  identities: { kind: string; value: string }[]
  addresses: string[]
  orders: { id: string; status: string; amount: string; created_at: string; paid_at: string | null }[]
  lifetime_spend: string
  order_count: number
  notes: TimelineEntry[]
  timeline: TimelineEntry[]
  merges: { id: string; kept_id: string; merged_id: string; at: string; undone_at?: string | null }[]
}

const base = '/api/v1/customers'
export const customerApi = {
  list: (query: ListQuery) => api.get<Paged<CustomerRow>>(base, query),
  get: (id: string) => api.get<Profile>(`${base}/${encodeURIComponent(id)}`),
  update: (id: string, body: Partial<Customer>) => api.patch<Profile>(`${base}/${id}`, body),
  addTag: (id: string, tag: string) => api.post<void>(`${base}/${id}/tags`, { tag }),
  removeTag: (id: string, tag: string) => api.delete<void>(`${base}/${id}/tags/${encodeURIComponent(tag)}`),
  addNote: (id: string, text: string) => api.post<void>(`${base}/${id}/notes`, { text }),
  merge: (id: string, duplicateId: string) => api.post<{ merge_id: string }>(`${base}/${id}/merge`, { duplicate_id: duplicateId }),
  undoMerge: (mergeId: string) => api.post<void>(`${base}/merges/${mergeId}/undo`),
  logCall: (id: string, body: { direction: 'in' | 'out'; duration_s: number; topic: string; result: string }) =>
    api.post<unknown>(`${base}/${id}/calls`, body),
}
