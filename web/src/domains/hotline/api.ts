// The hotline desk's calls (kefu.hotline.endpoints).
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface CaseEntry { kind: string; id: string; at: string; title: string; detail: string | null }
export interface CallerOrder { id: string; status: string; amount: string; created_at: string; cod: boolean }
export interface Caller {
  phone: string
  customer: { id: string; nick: string | null; name: string | null; vip_level: number; phone: string | null } | null
  orders: CallerOrder[]
  open_cases: CaseEntry[]
}
export interface Incoming { id: string; state: string; direction: string; phone: string; rang_at: string; caller: Caller }
export interface CallRow {
  id: string; at: string; direction: string; duration_s: number; phone: string | null; topic: string; result: string
  agent_id: string; agent_name: string; customer_id: string; customer_name: string; recording_src: string | null; qc_total: number | null
}
export interface MissedRow {
  id: string; rang_at: string; phone: string; customer_id: string | null; customer_name: string | null
  task_id: string; task_status: string; due_at: string; overdue: boolean; assignee_name: string | null
}
export interface CallTaskRow {
  id: string; title: string; status: string; due_at: string; overdue: boolean; reason: string; script: string
  buyer_name: string | null; phone: string | null; customer_id: string | null; order_id: string | null; assignee_name: string | null
}
export interface StatRow {
  agent_id: string; agent_name: string; day: string; in_count: number; in_minutes: number
  out_count: number; out_minutes: number; call_count: number; call_minutes: number
}
export interface CallForm {
  phone: string; direction: 'in' | 'out'; hotline_call_id?: string | null; task_id?: string | null; customer_id?: string | null
  reason: string; result: string; duration_s?: number | null; follow_up_title?: string | null; follow_up_due_at?: string | null
}

export const hotlineApi = {
  caller: (phone: string) => api.get<Caller>('/api/v1/hotline/caller', { phone }),
  incoming: (id: string) => api.get<Incoming>(`/api/v1/hotline/incoming/${encodeURIComponent(id)}`),
  save: (form: CallForm) => api.post<{ id: string }>('/api/v1/hotline/calls', form),
  calls: (query: ListQuery) => api.get<Paged<CallRow>>('/api/v1/hotline/calls', query),
  missed: (query: ListQuery) => api.get<Paged<MissedRow>>('/api/v1/hotline/missed', query),
  tasks: (query: ListQuery) => api.get<Paged<CallTaskRow>>('/api/v1/hotline/tasks', query),
  task: (id: string) => api.get<CallTaskRow>(`/api/v1/hotline/tasks/${encodeURIComponent(id)}`),
  addTask: (body: { customer_id: string; reason: string; script: string | null; due_at: string }) =>
    api.post<{ id: string }>('/api/v1/hotline/tasks', body),
  upload: (phoneCallId: string, file: File) => {
    const body = new FormData()
    body.append('phone_call_id', phoneCallId)
    body.append('file', file)
    return api.upload<{ id: string; recording_src: string }>('/api/v1/hotline/recordings', body)
  },
  stats: (query: { start?: string; end?: string }) => api.get<{ items: StatRow[] }>('/api/v1/hotline/stats', query),
  review: (id: string, sheet: { quantified: number; quality: number; skills: number; comment: string | null }) =>
    api.post<{ total: number }>(`/api/v1/hotline/calls/${encodeURIComponent(id)}/review`, sheet),
}
