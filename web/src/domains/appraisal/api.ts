// The appraisal domain's calls: the team's month, one agent's month, skills scores, targets.
import { api, withQuery, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export type Kpis = Record<string, number | string | null | Record<string, number | null>>

export interface AppraisalRow {
  agent_id: string
  name: string
  role: string
  group_id: string | null
  group_name: string | null
  quantified: number | null
  quality: number | null
  skills: number | null
  appraisal_score: number | null
  kpis: Kpis
  scores: Record<string, number>
  skills_comment: string | null
}

export interface AgentMonth extends AppraisalRow {
  month: string
  online_by_day: Record<string, number>
  targets: KpiTarget[]
  can_score: boolean
}

export interface GroupMonth {
  group_id: string
  group_name: string
  agent_sales: string
  target: string | null
  sales_target_rate: number | null
}

export interface KpiTarget {
  kpi: string
  target: number | null
  higher_is_better: boolean
}

export interface SalesTarget {
  id: number
  month: string
  agent_id: string | null
  agent_name: string | null
  group_id: string | null
  group_name: string | null
  amount: string
}

const base = '/api/v1/appraisal'
const enc = encodeURIComponent

export const appraisalApi = {
  team: (month: string) => (query: ListQuery) => api.get<Paged<AppraisalRow>>(`${base}/months/${enc(month)}`, query),
  groups: (month: string) => api.get<GroupMonth[]>(`${base}/months/${enc(month)}/groups`),
  excel: (month: string) => withQuery(`${base}/months/${enc(month)}/xlsx`),
  agent: (month: string, agent: string) => api.get<AgentMonth>(`${base}/months/${enc(month)}/agents/${enc(agent)}`),
  scoreSkills: (agent: string, body: { month: string; score: number; comment: string | null }) =>
    api.put(`${base}/skills/${enc(agent)}`, body),
  salesTargets: (month: string) => api.get<SalesTarget[]>(`${base}/sales-targets`, { month }),
  setSalesTarget: (body: { month: string; agent_id?: string; group_id?: string; amount: string | null }) =>
    api.put(`${base}/sales-targets`, body),
  kpiTargets: () => api.get<KpiTarget[]>(`${base}/kpi-targets`),
  setKpiTarget: (kpi: string, body: { target: number | null; higher_is_better: boolean }) =>
    api.put(`${base}/kpi-targets/${enc(kpi)}`, body),
}

/** This month in the shop's zone, as 2026-11. */
export function thisMonth(): string {
  return new Intl.DateTimeFormat('sv-SE', { year: 'numeric', month: '2-digit' }).format(new Date()).slice(0, 7)
}
