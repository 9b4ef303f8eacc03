// The after-sales domain's calls: refunds, returns and exchanges; complaints; medium and bad
// reviews. Each list, the numbers on its state tabs, one case, and the steps taken on it.
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface StateCounts {
  states: { status: string; label: string; count: number; overdue: number }[]
  total: number
  overdue: number
}

export interface RefundRow {
  id: string
  kind: string
  kind_label: string
  status: string
  status_label: string
  amount: string | null
  order_id: string
  customer_id: string
  buyer_name: string
  product_titles: string[]
  reason: string | null
  due_at: string | null
  overdue: boolean
  handler_id: string | null // the case's 处理人
  handler_name: string | null
  last_actor_name: string | null // who took the latest step
  created_at: string
}

export interface OrderLine {
  line_no: number
  product_id: string
  title: string
  qty: number
  price: string | null
}

export interface OrderSummary {
  id: string
  status: string
  status_label: string
  amount: string
  created_at: string | null
  paid_at: string | null
  shipped_at: string | null
  courier: string | null
  tracking_no: string | null
  receiver_name: string | null
  address: string | null
}

/** What every case's page shows about the order and the buyer it is about. */
export interface CaseOrder {
  order: OrderSummary | null
  items: OrderLine[]
  product_titles: string[]
  customer_id: string | null
  buyer_name: string | null
}

export interface Transition {
  to: string
  label: string
  requires: ('note' | 'tracking_no')[]
}

export interface RefundStep {
  at: string
  actor: string
  actor_name: string
  from: string
  to: string
  note: string | null
}

export interface Refund extends CaseOrder {
  id: string
  order_id: string
  kind: string
  status: string
  buyer_sees: string
  requested_at: string
  completed_at: string | null
  due_at: string | null
  overdue: boolean
  allowed_transitions: Transition[]
  amount: string | null
  reason: string | null
  return_tracking_no: string | null
  /** 处理人: the 售后 agent who owns the case (taken or assigned); null while nobody has. */
  handler_id: string | null
  handler_name: string | null
  exchange_tracking_no: string | null
  trail: RefundStep[]
  /** Each change of 处理人, oldest first: who made it, from whom (null: unowned) to whom. */
  assignments: { at: string; by: string; from: string | null; to: string }[]
}

export interface StepIn {
  to: string
  note?: string
  tracking_no?: string
}

export interface ComplaintRow {
  id: string
  status: string
  category: string
  customer_id: string
  buyer_name: string
  order_id: string | null
  summary: string | null
  opened_at: string
  promised_by: string | null
  resolved_at: string | null
  overdue: boolean
  owner_id: string | null
  handler_name: string | null
}

export interface CaseNote {
  at: string
  author: string
  author_name: string
  kind: string
  channel: string | null
  text: string
}

export interface Complaint extends CaseOrder {
  id: string
  status: string
  overdue: boolean
  allowed_actions: { action: 'follow_up' | 'resolve'; label: string }[]
  category: string
  summary: string | null
  order_id: string | null
  session_id: string | null
  owner_id: string | null
  owner_name: string | null
  /** Whom the agent may hand this open complaint to (改派); empty for whoever manages nobody. */
  owner_choices: { id: string; name: string }[]
  opened_at: string
  promised_by: string | null
  resolved_at: string | null
  notes: CaseNote[]
}

export interface ComplaintIn {
  customer_id: string
  category: string
  summary: string
  promised_by: string
  order_id?: string
}

export interface ReviewRow {
  id: string
  status: string
  rating: string
  order_id: string
  customer_id: string
  buyer_name: string
  product_titles: string[]
  text_excerpt: string | null
  created_at: string
  contact_due_at: string
  revise_by: string
  overdue: boolean
  result: string | null
  handler_name: string | null
  contacts: number
}

export interface ReviewAction {
  action: 'contact' | 'result'
  result?: string
  label: string
  requires: ('revised_rating' | 'evidence')[]
}

export interface Review extends CaseOrder {
  id: string
  status: string
  allowed_actions: ReviewAction[]
  order_id: string
  rating: string
  text: string | null
  at: string
  contact_due_at: string
  overdue: boolean
  revise_until: string
  revisable: boolean
  handled_at: string | null
  result: string | null
  revised_rating: string | null
  evidence: string | null
  contacts: number
  notes: CaseNote[]
}

export interface ResultIn {
  result: string
  note: string
  evidence?: string
  revised_rating?: string
}

export const aftersaleApi = {
  refunds: (query: ListQuery) => api.get<Paged<RefundRow>>('/api/v1/refunds', query),
  refundCounts: (query: ListQuery) => api.get<StateCounts>('/api/v1/refunds/counts', query),
  refundHandlers: () => api.get<{ id: string; name: string }[]>('/api/v1/refunds/handlers'),
  /** Whom this agent may make a case's 处理人: a lead her people, the supervisor all (指派). */
  assignable: () => api.get<{ id: string; name: string }[]>('/api/v1/refunds/assignable'),
  refund: (id: string) => api.get<Refund>(`/api/v1/refunds/${encodeURIComponent(id)}`),
  setHandler: (id: string, agentId: string) =>
    api.put<Refund>(`/api/v1/refunds/${encodeURIComponent(id)}/handler`, { agent_id: agentId }),
  step: (id: string, body: StepIn) => api.post<Refund>(`/api/v1/refunds/${encodeURIComponent(id)}/transitions`, body),

  complaints: (query: ListQuery) => api.get<Paged<ComplaintRow>>('/api/v1/complaints', query),
  complaintOwners: () => api.get<{ id: string; name: string }[]>('/api/v1/complaints/owners'),
  complaintCounts: (query: ListQuery) => api.get<StateCounts>('/api/v1/complaints/counts', query),
  complaint: (id: string) => api.get<Complaint>(`/api/v1/complaints/${encodeURIComponent(id)}`),
  openComplaint: (body: ComplaintIn) => api.post<Complaint>('/api/v1/complaints', body),
  followUp: (id: string, text: string, channel: string) =>
    api.post<Complaint>(`/api/v1/complaints/${encodeURIComponent(id)}/followups`, { text, channel }),
  reassign: (id: string, agentId: string) =>
    api.put<Complaint>(`/api/v1/complaints/${encodeURIComponent(id)}/owner`, { agent_id: agentId }),
  resolve: (id: string, text: string) => api.post<Complaint>(`/api/v1/complaints/${encodeURIComponent(id)}/resolve`, { text }),

  reviews: (query: ListQuery) => api.get<Paged<ReviewRow>>('/api/v1/reviews', query),
  reviewCounts: (query: ListQuery) => api.get<StateCounts>('/api/v1/reviews/counts', query),
  review: (id: string) => api.get<Review>(`/api/v1/reviews/${encodeURIComponent(id)}`),
  contact: (id: string, text: string, channel: string) =>
    api.post<Review>(`/api/v1/reviews/${encodeURIComponent(id)}/contacts`, { text, channel }),
  result: (id: string, body: ResultIn) => api.post<Review>(`/api/v1/reviews/${encodeURIComponent(id)}/result`, body),
}
