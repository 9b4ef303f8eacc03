// The shop domain's calls: the settings page's fields (each says how to show itself), one
// setting's change, and the QC rules in force (their Chinese names for the rules table).
import { api } from '@/kit/http'

export type Kind =
  | 'text' | 'int' | 'float' | 'percent' | 'bool' | 'time' | 'hours' | 'dates' | 'money'
  | 'group' | 'words' | 'map' | 'qc_rules' | 'durations' | 'choice'

export interface Choice {
  value: string
  label: string
}

// A setting's value is plain JSON whose shape its kind names.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Value = any

export interface SettingField {
  key: string
  label: string
  help: string
  kind: Kind
  value: Value
  default: Value
  min: number | null
  max: number | null
  choices: Choice[] | null
}

export interface Holiday {
  date: string
  hours?: string | null
  note?: string | null
}

export interface QcRule {
  id: string
  name: string
  severity: 'high' | 'medium' | 'low'
  weight: number
  enabled: boolean
  words: string[]
  limit: number | null
}

export type QcRuleChange = Partial<Pick<QcRule, 'enabled' | 'words' | 'limit' | 'severity'>>

export const settingsApi = {
  list: () => api.get<SettingField[]>('/api/v1/shop/settings'),
  get: (key: string) => api.get<SettingField>(`/api/v1/shop/settings/${encodeURIComponent(key)}`),
  save: (key: string, value: Value) => api.put<void>(`/api/v1/shop/settings/${encodeURIComponent(key)}`, { value }),
  qcRules: () => api.get<QcRule[]>('/api/v1/qc/rules'),
}

/** One chat group's queue now (surge mode's page). */
export interface GroupLoad {
  group_id: string
  waiting: number
  agents_online: number
  capacity: number
  handle_seconds: number
  next_wait_seconds: number
}

/** Surge mode (大促模式): the switch, its parameters, and how often pages refresh. */
export interface SurgeState {
  on: boolean
  refresh_seconds: number
  handoff_below: number
  max_concurrent: number
  overflow_group: string | null
  groups: GroupLoad[]
}

export const SURGE_KEYS = ['surge_handoff_below', 'surge_max_concurrent', 'surge_overflow_group', 'surge_refresh_seconds']

export const surgeApi = {
  state: () => api.get<SurgeState>('/api/v1/surge'),
  switch: (on: boolean) => api.put<SurgeState>('/api/v1/surge', { on }),
}
