// Customer segments (/api/v1/segments*): the list, one segment with its members, the rule
// builder's fields, a preview of unsaved rules, saving. (Named for segments so the
// customers pages can keep the domain's api.ts.)
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface SegmentRule {
  field: string
  op: string
  value?: string | number | string[]
  period_from?: string | null
  period_to?: string | null
}

export interface SegmentRules {
  match: 'all' | 'any'
  rules: SegmentRule[]
}

export interface SegmentItem {
  id: string
  name: string
  rules: SegmentRules
  summary: string
  count: number
  created_by_name: string | null
  updated_at: string
}

export interface SegmentMember {
  id: string
  name: string
}

export interface Segment extends SegmentItem {
  members: string[]
  sample: SegmentMember[]
}

export interface SegmentPreview {
  count: number
  members: string[]
  sample: SegmentMember[]
  summary: string
}

export type ValueKind = 'text' | 'regions' | 'classes' | 'money' | 'count' | 'date' | 'none'

export interface SegmentField {
  field: string
  label: string
  value_kind: ValueKind
  ops: { op: string; label: string; needs_value: boolean }[]
  choices: string[]
  period: boolean
  unit: string | null
}

export interface SegmentFields {
  fields: SegmentField[]
  match: { value: 'all' | 'any'; label: string }[]
}

const one = (id: string) => `/api/v1/segments/${encodeURIComponent(id)}`

export const segmentApi = {
  list: (query: ListQuery) => api.get<Paged<SegmentItem>>('/api/v1/segments', query),
  fields: () => api.get<SegmentFields>('/api/v1/segments/fields'),
  get: (id: string) => api.get<Segment>(one(id)),
  preview: (rules: SegmentRules) => api.post<SegmentPreview>('/api/v1/segments/preview', { rules }),
  add: (name: string, rules: SegmentRules) => api.post<Segment>('/api/v1/segments', { name, rules }),
  update: (id: string, name: string, rules: SegmentRules) => api.put<Segment>(one(id), { name, rules }),
}
