import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface OrderRow {
  id: string
  status: string
  status_label: string
  customer_id: string
  buyer_name: string
  receiver_name: string | null
  amount: string
  cod: boolean
  created_at: string
  paid_at: string | null
  ship_by: string | null
  shipped_at: string | null
  courier: string | null
  tracking_no: string | null
  flag_colour: string | null
  flag_label: string | null
  exception: string | null
  product_titles: string[]
  items_summary: string | null
}

export interface OrderLine {
  line_no: number
  product_id: string
  title: string
  sku_id: string | null
  qty: number
  price: string | null
}

export interface OrderPage {
  order: { id: string; status: string; amount: string; cod: boolean; created_at: string; paid_at: string | null; shipped_at: string | null; courier: string | null; tracking_no: string | null; customer_id?: string }
  status_label: string
  allowed_actions: { action: string; label: string }[]
  customer_id: string
  buyer_name: string
  buyer_remark: string | null
  reviewed: boolean
  receiver_name: string | null
  receiver_phone: string | null
  address: string | null
  items: OrderLine[]
  flags: { colour: string; colour_label: string; text: string; author_name: string; at: string }[]
  timeline: { at: string; kind: string; text: string; who_name: string | null }[]
  reship_of: string | null
  packs: number | null
}

export interface ReviewRow {
  order: OrderPage['order']
  buyer_name: string
  product_titles: string[]
  buyer_remark: string | null
  reviewed: boolean
  ship_by: string
  late: boolean
  problems: string[]
  changes: string[]
  due_at: string
  alert: boolean
  flag: { colour: string; colour_label: string; text: string } | null
  address_changes: string[]
  gift_lines: string[]
  invoice: string | null
  reship_of: string | null
  packs: number | null
}

export interface ReviewChecks {
  remark_read: boolean
  gifts_checked: boolean
  invoice_checked: boolean
  packs: number
}

export interface PrintSheet {
  printed_at: string
  picking: { product_id: string; title: string; sku_id: string | null; qty: number; orders: string[] }[]
  waybills: {
    order_id: string
    receiver_name: string | null
    receiver_phone: string | null
    address: string | null
    courier: string | null
    packs: number
    cod_amount: string | null
    buyer_remark: string | null
    reship_of: string | null
    items: string[]
  }[]
}

export const orderApi = {
  list: (query: ListQuery) => api.get<Paged<OrderRow>>('/api/v1/orders', query),
  get: (id: string) => api.get<OrderPage>(`/api/v1/orders/${encodeURIComponent(id)}`),
  flag: (id: string, colour: string, text: string) => api.post<OrderPage>(`/api/v1/orders/${id}/flags`, { colour, text }),
  changeAddress: (id: string, body: { address: string; receiver_name: string; receiver_phone: string }) =>
    api.put<OrderPage>(`/api/v1/orders/${id}/address`, body),
  changeQuantity: (id: string, lineNo: number, qty: number) => api.put<OrderPage>(`/api/v1/orders/${id}/items/${lineNo}`, { qty }),
  cancel: (id: string, reason: string) => api.post<OrderPage>(`/api/v1/orders/${id}/cancel`, { reason }),
  review: (id: string, checks: Partial<ReviewChecks>) => api.post<OrderPage>(`/api/v1/orders/${id}/review`, checks),
  notReceived: (id: string, note: string) => api.post<void>(`/api/v1/orders/${id}/not-received`, { note }),
  reviewQueue: () => api.get<ReviewRow[]>('/api/v1/order-review'),
  printSheet: (ids: string[]) => api.get<PrintSheet>('/api/v1/order-review/print', { ids }),
  ship: (items: { order_id: string; courier: string; tracking_no: string; packs: number }[]) => api.post<{ shipped: number }>('/api/v1/orders/ship', items),
  shipCsv: (csv: FormData) => api.upload<{ shipped: number }>('/api/v1/orders/ship.csv', csv),
}
