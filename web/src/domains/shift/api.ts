// The shift domain's calls: the week's rota and duties, shifts, and handovers.
import { api, withQuery, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface ShiftTemplate {
  id: string
  name: string
  starts: string
  ends: string
  /** 22:00–次日06:00 */
  text: string
}

export interface RotaAgent {
  id: string
  name: string
  group_id: string | null
  group_name: string | null
  role_label: string
  /** A shift id per day of the week; null: 休. */
  shifts: (string | null)[]
}

export interface DutyCell {
  day: string
  kind: string
  label: string
  agent_id: string | null
  agent_name: string | null
  by_rotation: boolean
}

export interface Week {
  week_start: string
  days: { day: string; label: string }[]
  templates: ShiftTemplate[]
  agents: RotaAgent[]
  duties: DutyCell[]
}

export interface Rotation {
  kind: string
  label: string
  starts_on: string
  agents: { id: string; name: string }[]
}

export interface HandoverItem {
  kind: string
  ref: string | null
  text: string
}

export interface Handover {
  id: string
  agent_id: string
  agent_name: string
  written_at: string
  notes: string
  items: HandoverItem[]
  /** The next shift it went to (its group when the rota named nobody). */
  recipient_ids: string[]
  recipient_names: string[]
  acknowledged_by: string | null
  acknowledged_by_name: string | null
  acknowledged_at: string | null
  can_acknowledge: boolean
}

export interface EntryRow {
  id: string
  agent_id: string
  agent_name: string
  group_name: string | null
  day: string
  template_id: string
  shift_name: string
  shift_text: string
}

export interface DutyRow {
  id: string
  day: string
  kind: string
  label: string
  agent_id: string
  agent_name: string
}

const BASE = '/api/v1/shifts'

export const shiftApi = {
  week: (week: string, groupId?: string | null) => api.get<Week>(`${BASE}/rota`, { week, group_id: groupId }),
  setShift: (agentId: string, day: string, templateId: string | null) =>
    api.put(`${BASE}/rota/${encodeURIComponent(agentId)}/${day}`, { template_id: templateId }),
  copyLastWeek: (week: string) => api.post<{ copied: number }>(`${BASE}/rota/copy-last-week`, { week }),
  exportUrl: (week: string, groupId?: string | null) => withQuery(`${BASE}/rota.xlsx`, { week, group_id: groupId }),
  importWeek: (week: string, file: File) => {
    const form = new FormData()
    form.append('file', file)
    return api.upload<{ shifts: number }>(withQuery(`${BASE}/rota.xlsx`, { week }), form)
  },
  entries: (query: ListQuery) => api.get<Paged<EntryRow>>(`${BASE}/rota/entries`, query),
  duties: (query: ListQuery) => api.get<Paged<DutyRow>>(`${BASE}/duties`, query),
  dutiesExportUrl: (week: string) => withQuery(`${BASE}/duties.xlsx`, { week }),
  importDuties: (file: File) => {
    const form = new FormData()
    form.append('file', file)
    return api.upload<{ duties: number }>(`${BASE}/duties.xlsx`, form)
  },
  setDuty: (day: string, kind: string, agentId: string | null) =>
    api.put(`${BASE}/duties/${day}/${kind}`, { agent_id: agentId }),
  rotations: () => api.get<Rotation[]>(`${BASE}/rotations`),
  setRotation: (kind: string, agentIds: string[], startsOn: string) =>
    api.put(`${BASE}/rotations/${kind}`, { agent_ids: agentIds, starts_on: startsOn }),
  handovers: (query: ListQuery) => api.get<Paged<Handover>>(`${BASE}/handovers`, query),
  pending: () => api.get<Paged<Handover>>(`${BASE}/handovers`, { pending: true, page_size: 200 }),
  draft: () => api.get<{ notes: string; items: HandoverItem[] }>(`${BASE}/handovers/draft`),
  write: (notes: string, items: HandoverItem[]) => api.post<Handover>(`${BASE}/handovers`, { notes, items }),
  acknowledge: (id: string) => api.post<Handover>(`${BASE}/handovers/${id}/acknowledge`),
  autoReply: () => api.get<{ text: string }>(`${BASE}/auto-reply`),
  setAutoReply: (text: string) => api.put<{ text: string }>(`${BASE}/auto-reply`, { text }),
}
