// The team domain's calls: the supervisor's agents (客服账号) and groups (客服分组).
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'
import type { Role } from '@/app/auth'

export interface AgentRow {
  id: string
  login: string | null
  name: string
  role: Role
  role_label: string
  group_id: string | null
  group_name: string | null
  status: string
  status_label: string
  max_concurrent: number
  active: boolean
  created_at: string | null
  /** Set while wrong passwords keep the account from logging in. */
  locked_until: string | null
}

export interface NewAgent {
  login: string
  name?: string
  role: Role
  group_id: string | null
  max_concurrent: number
  password?: string
}

export interface AgentPatch {
  name?: string
  role?: Role
  group_id?: string | null
  max_concurrent?: number
  active?: boolean
}

export interface GroupRow {
  id: string
  name: string
  agents: number
  active_agents: number
  online_agents: number
  /** 售前 or 售后 when the shop routes new chats to this group. */
  routing: string | null
  /** 组长/主管 who lead the group. */
  leads: { id: string; name: string }[]
}

export const agentsApi = {
  list: (query: ListQuery) => api.get<Paged<AgentRow>>('/api/v1/agents', query),
  add: (body: NewAgent) => api.post<{ agent: AgentRow; password: string | null }>('/api/v1/agents', body),
  update: (id: string, patch: AgentPatch) => api.patch<AgentRow>(`/api/v1/agents/${encodeURIComponent(id)}`, patch),
  unlock: (id: string) => api.post<{ unlocked: boolean }>(`/api/v1/agents/${encodeURIComponent(id)}/unlock`, {}),
  resetPassword: (id: string, password?: string) =>
    api.post<{ password: string | null }>(`/api/v1/agents/${encodeURIComponent(id)}/reset-password`, password ? { password } : {}),
}

export const groupsApi = {
  list: (query: ListQuery) => api.get<Paged<GroupRow>>('/api/v1/groups', query),
  /** Every group, for pickers (a shop has a handful). */
  all: async () => (await api.get<Paged<GroupRow>>('/api/v1/groups', { page_size: 200 })).items,
  add: (name: string, leadIds: string[]) => api.post<GroupRow>('/api/v1/groups', { name, lead_ids: leadIds }),
  update: (id: string, name: string, leadIds: string[]) =>
    api.patch<GroupRow>(`/api/v1/groups/${encodeURIComponent(id)}`, { name, lead_ids: leadIds }),
  remove: (id: string) => api.delete<void>(`/api/v1/groups/${encodeURIComponent(id)}`),
}
