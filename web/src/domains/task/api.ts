// The task domain's calls: mine, my group's or everyone's; done or skipped with a note; a
// notice task's message sent to the buyer; a lead's 指派/改派.
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export type Scope = 'mine' | 'team' | 'all'

export interface TaskRow {
  id: string
  kind: string
  title: string
  status: string
  due_at: string
  overdue: boolean
  assignee_id: string | null
  assignee_name: string | null
  group_id: string | null
  group_name: string | null
  customer_id: string | null
  buyer_name: string | null
  order_id: string | null
  session_id: string | null
  payload: Record<string, unknown> | null
  result_note: string | null
  created_at: string
  finished_at: string | null
}

export const taskApi = {
  tasks: (query: ListQuery) => api.get<Paged<TaskRow>>('/api/v1/tasks', query),
  finish: (id: string, status: 'done' | 'skipped', note: string | null) =>
    api.post<TaskRow>(`/api/v1/tasks/${encodeURIComponent(id)}/finish`, { status, note }),
  assignable: () => api.get<{ id: string; name: string }[]>('/api/v1/tasks/assignable'),
  assign: (id: string, agentId: string) =>
    api.put<TaskRow>(`/api/v1/tasks/${encodeURIComponent(id)}/assignee`, { agent_id: agentId }),
  send: (id: string) => api.post<{ id: string; status: string }>(`/api/v1/tasks/${encodeURIComponent(id)}/send`),
}
