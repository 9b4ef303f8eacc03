// The training domain's calls: courses, assignments and quizzes, 整改通知单, violations, proposals.
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface QuizItem { question: string; options: string[]; answer?: number }

export interface Course {
  id: string
  title: string
  kind: string
  qc_rule: string | null
  qc_rule_name: string | null
  product_id: string | null
  product_title: string | null
  group_ids: string[]
  launch_at: string | null
  kb_entry_ids: string[]
  articles: { id: string; question: string; answer: string }[]
  notes: string
  quiz: QuizItem[]
  pass_mark: number
}

export type CourseIn = Pick<Course, 'title' | 'kind' | 'qc_rule' | 'product_id' | 'group_ids' | 'launch_at' | 'kb_entry_ids' | 'notes' | 'quiz' | 'pass_mark'>

export interface Assignment {
  id: number
  course_id: string
  course_title: string
  agent_id: string
  agent_name: string
  reason: string
  note: string | null
  assigned_at: string
  due_at: string
  overdue: boolean
  attempts: number
  best_score: number | null
  passed_at: string | null
}

export interface AssignmentDetail extends Assignment { course: Course; can_attempt: boolean }
export interface AttemptResult { score: number; right: number; total: number; passed: boolean; pass_mark: number }

export interface Notice {
  id: string
  agent_id: string
  agent_name: string
  lead_id: string
  lead_name: string
  findings: string
  session_ids: string[]
  due_at: string
  overdue: boolean
  status: string
  created_at: string
  reply: string | null
  replied_at: string | null
  check_note: string | null
  checked_at: string | null
  allowed_actions?: string[]
}

export interface Violation { agent_id: string; name: string; group_name: string | null; year: number; violations: number; threshold: number; retraining: boolean }

export interface Proposal {
  id: string
  title: string
  body: string
  status: string
  author_name: string
  created_at: string
  decided_by_name: string | null
  decided_at: string | null
  decision_note: string | null
}

const base = '/api/v1/training'
const enc = encodeURIComponent

export const trainingApi = {
  courses: (query: ListQuery) => api.get<Paged<Course>>(`${base}/courses`, query),
  course: (id: string) => api.get<Course>(`${base}/courses/${enc(id)}`),
  addCourse: (body: CourseIn) => api.post<Course>(`${base}/courses`, body),
  assign: (id: string, agentIds: string[], note: string | null) =>
    api.post<{ assigned: number }>(`${base}/courses/${enc(id)}/assign`, { agent_ids: agentIds, note }),
  assignments: (query: ListQuery) => api.get<Paged<Assignment>>(`${base}/assignments`, query),
  assignment: (id: string) => api.get<AssignmentDetail>(`${base}/assignments/${enc(id)}`),
  attempt: (id: number, answers: number[]) => api.post<AttemptResult>(`${base}/assignments/${id}/attempts`, { answers }),
  notices: (query: ListQuery) => api.get<Paged<Notice>>(`${base}/notices`, query),
  notice: (id: string) => api.get<Notice>(`${base}/notices/${enc(id)}`),
  issue: (body: { agent_id: string; findings: string; due_at: string }) => api.post<Notice>(`${base}/notices`, body),
  reply: (id: string, reply: string) => api.post<Notice>(`${base}/notices/${enc(id)}/reply`, { reply }),
  check: (id: string, accepted: boolean, note: string | null) => api.post<Notice>(`${base}/notices/${enc(id)}/check`, { accepted, note }),
  violations: (query: ListQuery) => api.get<Paged<Violation>>(`${base}/violations`, query),
  proposals: (query: ListQuery) => api.get<Paged<Proposal>>(`${base}/proposals`, query),
  propose: (title: string, body: string) => api.post<{ id: string }>(`${base}/proposals`, { title, body }),
  decide: (id: string, accepted: boolean, note: string | null) =>
    api.post<{ status: string }>(`${base}/proposals/${enc(id)}/decision`, { accepted, note }),
}
