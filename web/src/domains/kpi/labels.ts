// The KPIs of shared/spec/kpis.md by their Chinese names, how each is read, and the enums
// of sessions.
import type { Labels } from '@/kit/labels'
import { money, percent, seconds } from '@/kit/format'

export const KPI: Labels = {
  sessions: '会话数',
  inquiries: '咨询人数',
  served: '接待人数',
  first_response_s: '首次响应时长',
  avg_response_s: '平均响应时长',
  response_rate: '回复率',
  answer_question_ratio: '答问比',
  conversion_rate: '询单转化率',
  agent_sales: '客服销售额',
  bot_resolution_rate: '机器人独立解决率',
  refund_rate: '退款率',
  complaint_on_time_rate: '投诉按时解决率',
  bad_review_7d_rate: '中差评7日处理率',
  csat: '满意度',
  csat_mean: '平均评分',
}

/** The shop's KPIs in the order of the spec (and of the Excel export). */
export const SHOP_KPIS = Object.keys(KPI)
export const AGENT_KPIS = [
  'sessions', 'served', 'first_response_s', 'avg_response_s', 'answer_question_ratio',
  'conversion_rate', 'agent_sales', 'csat', 'csat_mean',
]

const RATIOS = new Set([
  'response_rate', 'answer_question_ratio', 'conversion_rate', 'bot_resolution_rate', 'refund_rate',
  'complaint_on_time_rate', 'bad_review_7d_rate', 'csat',
])
const DURATIONS = new Set(['first_response_s', 'avg_response_s'])
const MONEY = new Set(['agent_sales'])

/** A KPI's value as a person reads it: ratios as %, money as ¥, durations in 秒/分. */
export function kpiText(key: string, value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—'
  if (MONEY.has(key)) return money(value)
  if (RATIOS.has(key)) return percent(Number(value))
  if (DURATIONS.has(key)) return seconds(Number(value))
  if (key === 'csat_mean') return `${Number(value).toFixed(2)} 分`
  return String(value)
}

/** The same value as a plain number for a chart (¥ and % are the axis's business). */
export function kpiNumber(value: number | string | null | undefined): number | null {
  return value === null || value === undefined ? null : Number(value)
}

/** Columns of the team report (daily or monthly): how each is read. */
export function teamReportText(key: string, value: number | string | null | undefined): string {
  if (value === null || value === undefined) return '—'
  if (key === 'agent_sales' || key === 'refund_amount') return money(value)
  if (key.endsWith('_rate')) return percent(Number(value))
  if (key === 'qc_average') return `${Number(value).toFixed(1)} 分`
  return String(value)
}

export const CHANNEL: Labels = {
  web: '网页',
  email: '邮件',
  phone: '电话',
  marketplace: '电商平台',
}

export const SESSION_STATUS: Labels = {
  open: '新会话',
  bot: '机器人接待',
  queued: '排队中',
  assigned: '接待中',
  offline: '留言',
  closed: '已结束',
}
