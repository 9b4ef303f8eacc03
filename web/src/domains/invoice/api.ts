import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface InvoiceRow {
  id: string
  order_id: string
  customer_id: string
  buyer_name: string
  kind: string
  kind_label: string
  title_type: string
  title_type_label: string
  title: string
  tax_id: string | null
  delivery: string
  delivery_label: string
  email: string | null
  post_address: string | null
  source: string
  source_label: string
  status: string
  status_label: string
  requested_at: string
  requested_by_name: string | null
  due_at: string
  overdue: boolean
  number: string | null
  amount: string | null
  order_amount: string
  has_pdf: boolean
  issued_at: string | null
  issued_by_name: string | null
  sent_at: string | null
  courier: string | null
  tracking_no: string | null
  reject_reason: string | null
  allowed_actions: string[]
}

export interface InvoiceRequest {
  order_id: string
  kind: string
  title_type: string
  title: string
  tax_id: string | null
  delivery: string
  email: string | null
  post_address: string | null
}

type Done = { id: string; status: string; status_label: string }

export const invoiceApi = {
  list: (query: ListQuery) => api.get<Paged<InvoiceRow>>('/api/v1/invoices', query),
  request: (body: InvoiceRequest) => api.post<Done>('/api/v1/invoices', body),
  issue: (id: string, form: FormData) => api.upload<Done>(`/api/v1/invoices/${id}/issue`, form),
  send: (id: string) => api.post<Done>(`/api/v1/invoices/${id}/send`, {}),
  post: (id: string, courier: string, tracking_no: string) => api.post<Done>(`/api/v1/invoices/${id}/post`, { courier, tracking_no }),
  reject: (id: string, reason: string) => api.post<Done>(`/api/v1/invoices/${id}/reject`, { reason }),
  pdfUrl: (id: string) => `/api/v1/invoices/${id}/pdf`,
}
