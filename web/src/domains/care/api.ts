// Care campaigns (/api/v1/campaigns*): list, create, preview, run, what was sent.
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface Campaign {
  id: string
  name: string
  kind: string
  action: string
  template: string
  segment_id: string | null
  segment_name: string | null
  region: string | null
  days_after: number | null
  created_at: string
  created_by_name: string | null
  sent_count: number
  last_sent_at: string | null
}

export interface CampaignIn {
  name: string
  kind: string
  action: string
  template: string
  segment_id: string | null
  region: string | null
  days_after: number | null
}

export interface CampaignOptions {
  variables: string[]
  segments: { id: string; name: string }[]
  quiet_hours: string
  limit_count: number
  limit_days: number
}

export interface Planned {
  customer_id: string
  customer_name: string
  occasion: string
  channel: string
  text: string
  address: string | null
}

export interface Skipped {
  customer_id: string
  customer_name: string
  reason: string
}

export interface Plan {
  sends: Planned[]
  skipped: Skipped[]
  run_refusal: string | null
}

export interface CareSend {
  id: number
  customer_id: string
  customer_name: string
  occasion: string
  at: string
  channel: string
  text: string
  status: string
  result: string | null
}

const one = (id: string) => `/api/v1/campaigns/${encodeURIComponent(id)}`

export const campaignApi = {
  list: (query: ListQuery) => api.get<Paged<Campaign>>('/api/v1/campaigns', query),
  options: () => api.get<CampaignOptions>('/api/v1/campaigns/options'),
  get: (id: string) => api.get<Campaign>(one(id)),
  add: (body: CampaignIn) => api.post<Campaign>('/api/v1/campaigns', body),
  preview: (id: string) => api.get<Plan>(`${one(id)}/preview`),
  run: (id: string) => api.post<Plan>(`${one(id)}/run`),
  sends: (id: string, query: ListQuery) => api.get<Paged<CareSend>>(`${one(id)}/sends`, query),
}
