// The qc domain's calls: the queue as a worklist, one entry and its sheet, the weekly sample,
// and an agent's own results and record.
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'
import type { FindingLike } from './labels'

export interface ReviewRow {
  session_id: string
  state: 'pending' | 'done'
  reason: string
  agent_id: string | null
  agent_name: string | null
  customer: string | null
  opened_at: string
  queued_at: string
  score: number
  flagged: boolean
  rules: string[]
  reviewer_name: string | null
  reviewed_at: string | null
  quantified: number | null
  quality: number | null
  skills: number | null
  total: number | null
  comment: string | null
}

export interface ReviewEntry extends ReviewRow {
  findings: (FindingLike & { id: number })[]
  allowed_actions: string[]
}

export interface Sheet {
  quantified: number
  quality: number
  skills: number
  comment: string | null
  verdicts: Record<number, 'confirmed' | 'dismissed'>
}

export interface MyResult {
  session_id: string
  reviewed_at: string
  total: number
  quantified: number
  quality: number
  skills: number
  comment: string | null
  findings: { id: number; rule: string; excerpt: string; verdict: string | null }[]
}

export interface QcRecord {
  agent_id: string
  inspected: number
  average_score: number | null
  findings_by_rule: Record<string, number>
  repeated: string[]
}

export const qcApi = {
  reviews: (query: ListQuery) => api.get<Paged<ReviewRow>>('/api/v1/qc/reviews', query),
  entry: (sessionId: string) => api.get<ReviewEntry>(`/api/v1/qc/reviews/${encodeURIComponent(sessionId)}`),
  submit: (sessionId: string, sheet: Sheet) =>
    api.post<{ session_id: string; total: number }>(`/api/v1/qc/reviews/${encodeURIComponent(sessionId)}`, sheet),
  sample: (week: string) => api.post<{ added: number }>(`/api/v1/qc/queue/sample?week=${week}`),
  myResults: () => api.get<MyResult[]>('/api/v1/qc/my-results'),
  record: (agentId: string) => api.get<QcRecord>(`/api/v1/qc/agents/${encodeURIComponent(agentId)}/record`),
}
