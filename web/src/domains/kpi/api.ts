// The kpi domain's calls: the dashboard, the KPI report and its Excel file, the team report,
// the sessions behind the numbers and one session's transcript.
import { api, withQuery, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'
import type { Period } from '@/kit/period'
import type { TranscriptMessage } from '@/kit/transcript'

export type Kpis = Record<string, number | string | null>

export interface Dashboard {
  today: {
    date: string
    waiting: number
    waiting_over_60s: number
    agents_online: number
    offline_messages: number
    sessions: number
    first_response_s: number | null
    avg_response_s: number | null
  }
  trend: { day: string; sessions: number; first_response_s: number | null; csat: number | null }[]
  period: { shop: Kpis; agents: Record<string, Kpis> }
  agent_names: Record<string, string>
}

export interface SatisfactionPart {
  count: number
  csat: number | null
  mean: number | null
}
export type Satisfaction = Record<'chat' | 'surveys' | 'all', SatisfactionPart>

export interface TeamReport {
  columns: Record<string, string>
  rows: Record<string, number | string | null>[]
}

export interface SessionRow {
  id: string
  opened_at: string
  closed_at: string | null
  status: string
  channel: string
  customer: string | null
  agent_id: string | null
  agent_name: string | null
  agent_names: string[]
  messages: number
  qc_score: number | null
  flagged: boolean | null
}

export interface Finding {
  id: number | null
  rule: string
  excerpt: string
  severity: string
  message_id: string | null
  agent_name?: string | null
}

export interface Transcript {
  session: SessionRow
  messages: TranscriptMessage[]
  qc: { session_id: string; score: number; flagged: boolean; findings: Finding[] }
  review: { state: string; reason: string; total: number | null; reviewer_name: string | null } | null
}

export interface AgentName {
  id: string
  name: string
  role: string
}

export const kpiApi = {
  dashboard: (period: Period) => api.get<Dashboard>('/api/v1/kpi/dashboard', { ...period }),
  satisfaction: (period: Period) => api.get<Satisfaction>('/api/v1/surveys/satisfaction', { ...period }),
  kpiExcel: (period: Period) => withQuery('/api/v1/kpi/xlsx', { ...period }),
  teamReport: (period: Period, by: string) => api.get<TeamReport>('/api/v1/kpi/team-report', { ...period, by }),
  teamReportExcel: (period: Period, by: string) => withQuery('/api/v1/kpi/team-report/xlsx', { ...period, by }),
  sessions: (query: ListQuery) => api.get<Paged<SessionRow>>('/api/v1/kpi/sessions', query),
  transcript: (id: string) => api.get<Transcript>(`/api/v1/kpi/sessions/${encodeURIComponent(id)}`),
  agents: () => api.get<AgentName[]>('/api/v1/kpi/agents'),
}
