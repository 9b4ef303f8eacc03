// The audit domain's calls: the list and its CSV / Excel export.
import { api, withQuery, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface AuditRow {
  id: string
  at: string
  action: string
  action_label: string
  actor_id: string | null
  /** 系统 when the system acted (a login lock, for example). */
  actor_name: string | null
  target: string | null
  detail: Record<string, unknown>
  address: string | null
}

export const auditApi = {
  list: (query: ListQuery) => api.get<Paged<AuditRow>>('/api/v1/audit', query),
  exportUrl: (kind: 'csv' | 'xlsx', query: ListQuery) => withQuery(`/api/v1/audit/export.${kind}`, query),
}
