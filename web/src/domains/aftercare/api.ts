// After-care calls: repairs and 三包, parcel cases and the claims sheet, internal tickets and
// departments, platform claims, complaint statistics, and the workbench's selling help.
import { api, withQuery, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface Note { at: string; author_name: string; kind: string; channel: string | null; text: string }
export interface Action { action: string; label: string }

export interface WarrantyLine {
  line_no: number
  product_id: string
  title: string
  warranty_days: number | null
  warranty_end: string | null
  in_warranty: boolean
}

export interface ServiceRow {
  id: string
  kind: string
  status: string
  order_id: string
  line_no: number
  product_title: string
  customer_id: string
  buyer_name: string
  owner_name: string
  problem: string
  in_warranty: boolean
  appointment_at: string | null
  technician: string | null
  due_at: string | null
  overdue: boolean
  opened_at: string
}
export interface ServiceOrder extends ServiceRow { warranty_days: number | null; warranty_end: string | null; parts: string[]; result: string | null; notes: Note[]; allowed_actions: Action[] }

export interface ParcelRow {
  id: string
  kind: string
  order_id: string
  customer_id: string
  buyer_name: string
  courier: string | null
  tracking_no: string | null
  owner_name: string
  summary: string
  opened_at: string
  solved_at: string | null
  due_at: string | null
  overdue: boolean
  contacts: number
  claim_amount: string | null
  claim_status: string
}
export interface Parcel extends ParcelRow { notes: Note[]; allowed_actions: Action[] }

export interface Department {
  id: string
  name: string
  answer_hours: number
  member_ids: string[]
  member_names: string[]
  open: number
  overdue: number
}

export interface TicketRow {
  id: string
  kind: string
  department_id: string | null
  department_name: string | null
  requester_name: string
  customer_id: string | null
  buyer_name: string | null
  session_id: string | null
  source: string | null
  note: string
  opened_at: string
  due_at: string | null
  overdue: boolean
  answer: string | null
  answered_at: string | null
  answered_by_name: string | null
}
export interface Ticket extends TicketRow { can_answer: boolean }

export interface ClaimRow {
  id: string
  platform: string
  kind: string
  order_id: string | null
  customer_id: string
  buyer_name: string
  owner_name: string
  reason: string
  amount: string | null
  opened_at: string
  due_at: string | null
  overdue: boolean
  outcome: string | null
  closed_at: string | null
}
export interface PlatformClaim extends ClaimRow { notes: Note[]; allowed_actions: Action[] }

export interface CategoryStats {
  category: string
  label: string
  total: number
  resolved: number
  on_time: number
  open_overdue: number
  completion: number | null
}
export interface ComplaintStats { categories: CategoryStats[]; total: number; resolved: number; completion: number | null }

export interface ProductCard { id: string; title: string; price: string | null; stock: number | null; count: number }
export interface Suggestions { product_id: string | null; product_title: string | null; related: ProductCard[]; best_sellers: ProductCard[] }
export interface PageView { url: string; title: string | null; product_id: string | null; product_title: string | null; at: string }

export const aftercareApi = {
  warranty: (orderId: string) => api.get<WarrantyLine[]>('/api/v1/warranty', { order_id: orderId }),
  services: (query: ListQuery) => api.get<Paged<ServiceRow>>('/api/v1/service-orders', query),
  service: (id: string) => api.get<ServiceOrder>(`/api/v1/service-orders/${encodeURIComponent(id)}`),
  openService: (body: { order_id: string; line_no: number; kind: string; problem: string }) => api.post<ServiceOrder>('/api/v1/service-orders', body),
  serviceStep: (id: string, step: string, body: object) => api.post<ServiceOrder>(`/api/v1/service-orders/${encodeURIComponent(id)}/${step}`, body),

  parcels: (query: ListQuery) => api.get<Paged<ParcelRow>>('/api/v1/parcels', query),
  parcel: (id: string) => api.get<Parcel>(`/api/v1/parcels/${encodeURIComponent(id)}`),
  openParcel: (body: { kind: string; order_id: string; summary: string; claim_amount?: string }) => api.post<Parcel>('/api/v1/parcels', body),
  parcelStep: (id: string, step: string, body: object) => api.post<Parcel>(`/api/v1/parcels/${encodeURIComponent(id)}/${step}`, body),
  claimsSheetUrl: (month: string) => withQuery('/api/v1/parcels/claims.xlsx', { month }),

  departments: () => api.get<Department[]>('/api/v1/departments'),
  setDepartment: (id: string, body: { answer_hours: number; member_ids: string[] }) => api.put<Department[]>(`/api/v1/departments/${encodeURIComponent(id)}`, body),
  tickets: (query: ListQuery) => api.get<Paged<TicketRow>>('/api/v1/tickets', query),
  ticket: (id: string) => api.get<Ticket>(`/api/v1/tickets/${encodeURIComponent(id)}`),
  escalate: (body: { department_id: string; note: string; customer_id?: string; session_id?: string; source?: string }) => api.post<Ticket>('/api/v1/tickets', body),
  reportAbuse: (body: { customer_id: string; note: string; session_id?: string }) => api.post<Ticket>('/api/v1/tickets/abuse', body),
  answer: (id: string, answer: string) => api.post<Ticket>(`/api/v1/tickets/${encodeURIComponent(id)}/answer`, { answer }),

  claims: (query: ListQuery) => api.get<Paged<ClaimRow>>('/api/v1/platform-claims', query),
  claim: (id: string) => api.get<PlatformClaim>(`/api/v1/platform-claims/${encodeURIComponent(id)}`),
  openClaim: (body: object) => api.post<PlatformClaim>('/api/v1/platform-claims', body),
  claimStep: (id: string, step: 'notes' | 'close', text: string) => api.post<PlatformClaim>(`/api/v1/platform-claims/${encodeURIComponent(id)}/${step}`, { text }),

  complaintStats: (period: { from: string; to: string }) => api.get<ComplaintStats>('/api/v1/complaints/stats', period),

  suggestions: (sessionId: string) => api.get<Suggestions>('/api/v1/selling/suggestions', { session_id: sessionId }),
  sendCard: (sessionId: string, productId: string, clientId: string) =>
    api.post(`/api/v1/selling/sessions/${encodeURIComponent(sessionId)}/cards`, { product_id: productId, client_id: clientId }),
  views: (customerId: string) => api.get<PageView[]>(`/api/v1/selling/customers/${encodeURIComponent(customerId)}/views`),
}
