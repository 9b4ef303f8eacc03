import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface ReshipRow {
  id: string
  order_id: string
  original_order_id: string
  buyer_name: string
  reason: string
  reason_label: string
  freight_payer: string
  freight_payer_label: string
  freight: string | null
  note: string | null
  status: string
  status_label: string
  courier: string | null
  tracking_no: string | null
  items_summary: string | null
  created_at: string
  created_by_name: string | null
}

export interface InterceptRow {
  id: string
  order_id: string
  buyer_name: string
  reason: string
  status: string
  status_label: string
  requested_at: string
  requested_by_name: string | null
  due_at: string
  overdue: boolean
  result_at: string | null
  result_by_name: string | null
  result_note: string | null
  refund_id: string | null
}

export interface ReshipBody {
  items: { line_no: number; qty: number }[]
  reason: string
  freight_payer: string
  freight: string | null
  note: string
}

export const reshipApi = {
  list: (query: ListQuery) => api.get<Paged<ReshipRow>>('/api/v1/reships', query),
  create: (orderId: string, body: ReshipBody) =>
    api.post<{ id: string; order_id: string }>(`/api/v1/orders/${encodeURIComponent(orderId)}/reships`, body),
  intercepts: (query: ListQuery) => api.get<Paged<InterceptRow>>('/api/v1/intercepts', query),
  result: (id: string, result: string, note: string) =>
    api.post<{ id: string; status: string }>(`/api/v1/intercepts/${id}/result`, { result, note }),
}
