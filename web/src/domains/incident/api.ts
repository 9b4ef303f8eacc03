// Incident notices (/api/v1/incidents*): list, create, preview, send.
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface Filters {
  product_id?: string | null
  sku_id?: string | null
  courier?: string | null
  region?: string | null
  statuses?: string[]
  from?: string | null
  to?: string | null
}

export interface Notice {
  id: string
  title: string
  text: string
  channel: string
  filters: Filters
  filters_text: string
  created_by_name: string
  created_at: string
  sent_at: string | null
  sent: number
  deferred: number
  skipped: number
}

export interface NoticeIn {
  title: string
  text: string
  channel: string
  filters: Filters
}

export interface PlannedBuyer {
  customer_id: string
  buyer_name: string
  order_ids: string[]
  channel: string | null
  status: string
  reason: string | null
  earlier: string | null
  text: string
}

export interface Plan {
  orders: number
  buyers: number
  to_send: number
  deferred: number
  skipped: number
  already: number
  quiet_until: string | null
  sample: string | null
  items: PlannedBuyer[]
}

const one = (id: string) => `/api/v1/incidents/${encodeURIComponent(id)}`

export const incidentApi = {
  list: (query: ListQuery) => api.get<Paged<Notice>>('/api/v1/incidents', query),
  add: (body: NoticeIn) => api.post<Notice>('/api/v1/incidents', body),
  get: (id: string) => api.get<Notice>(one(id)),
  preview: (id: string) => api.get<Plan>(`${one(id)}/preview`),
  send: (id: string) => api.post<Plan>(`${one(id)}/send`),
}
