// The Team KPIs and the appraisal's parts in Chinese, and how each value reads.
import type { Labels } from '@/kit/labels'
import { money, percent, seconds } from '@/kit/format'

export const KPI: Labels = {
  first_response_s: '首次响应时长',
  avg_response_s: '平均响应时长',
  answer_question_ratio: '答问比',
  conversion_rate: '询单转化率',
  csat: '满意度',
  agent_sales: '客服销售额',
  avg_order_value: '客单价',
  sales_target_rate: '营业额完成率',
  return_rate: '退货换货率',
  refund_completion_rate: '售后完成率',
  'refund_completion_rate.return': '退货完成率',
  'refund_completion_rate.exchange': '换货完成率',
  'refund_completion_rate.refund_only': '仅退款完成率',
  complaint_completion_rate: '投诉处理完成率',
  online_hours: '在线时长',
  call_count: '通次',
  call_minutes: '通时',
}

/** The KPI rows of an agent's page, in this order (售后完成率 one row per kind). */
export const KPI_ROWS = [
  'first_response_s', 'avg_response_s', 'answer_question_ratio', 'conversion_rate', 'csat',
  'agent_sales', 'avg_order_value', 'sales_target_rate', 'return_rate',
  'refund_completion_rate.return', 'refund_completion_rate.exchange', 'refund_completion_rate.refund_only',
  'complaint_completion_rate', 'online_hours', 'call_count', 'call_minutes',
]

const MONEY = new Set(['agent_sales', 'avg_order_value'])
const SECONDS = new Set(['first_response_s', 'avg_response_s'])

/** A KPI's value as people read it. */
export function kpiText(kpi: string, value: unknown): string {
  if (value === null || value === undefined) return '—'
  const key = kpi.split('.')[0]
  if (MONEY.has(key)) return money(value as string)
  if (SECONDS.has(key)) return seconds(value as number)
  if (key === 'online_hours') return `${value} 小时`
  if (key === 'call_minutes') return `${value} 分钟`
  if (key === 'call_count') return `${value} 通`
  if (key === 'answer_question_ratio') return (value as number).toFixed(2)
  return percent(value as number)
}

/** The value of ``kpi`` (``refund_completion_rate.return`` reaches into the kinds). */
export function kpiValue(kpis: Record<string, unknown>, kpi: string): unknown {
  const [key, kind] = kpi.split('.')
  const value = kpis[key]
  return kind && value && typeof value === 'object' ? (value as Record<string, unknown>)[kind] : value
}

export const DIRECTION: Labels = { true: '越高越好', false: '越低越好' }

/** An appraisal part (0–1) as a share, or the score as points. */
export const part = (value: number | null) => (value === null ? '—' : percent(value))
export const points = (value: number | null) => (value === null ? '—' : `${value.toFixed(1)} 分`)
