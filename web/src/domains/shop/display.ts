// How a setting's value reads for a person ("当前：09:00–次日01:00"), and the server's reason for
// refusing one, with the setting's own name and English paths taken out (the reason is shown
// next to the field it is about).
import { money, percent } from '@/kit/format'
import type { Choice, Holiday, SettingField, Value } from './api'
import { VALUE_PARTS } from './labels'
import { WHOLE_DAY } from './sections'

export interface Span {
  start: string
  end: string
}

export function parseSpan(text: string | null | undefined): Span | null {
  const match = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(text ?? '')
  return match ? { start: match[1], end: match[2] } : null
}

/** "09:00–23:00", "09:00–次日01:00" (an end before the start runs past midnight), "09:00–24:00". */
export function spanText(text: string | null | undefined): string {
  if (text === WHOLE_DAY) return '全天 24 小时'
  const span = parseSpan(text)
  if (!span) return text || '—'
  if (span.end === '00:00') return `${span.start}–24:00`
  return span.end < span.start ? `${span.start}–次日${span.end}` : `${span.start}–${span.end}`
}

/** How long a span lasts, in hours (for "共 16 小时"). */
export function spanHours(text: string): number | null {
  if (text === WHOLE_DAY) return 24
  const span = parseSpan(text)
  if (!span) return null
  const minutes = (value: string) => Number(value.slice(0, 2)) * 60 + Number(value.slice(3))
  const length = (minutes(span.end) - minutes(span.start) + 24 * 60) % (24 * 60)
  return length === 0 ? null : Math.round((length / 60) * 10) / 10
}

function holidaysText(days: Holiday[]): string {
  if (!days.length) return '没有特别安排'
  const first = days
    .slice(0, 3)
    .map((day) => `${day.date.slice(5)} ${day.hours ? spanText(day.hours) : '休息'}`)
    .join('，')
  return days.length > 3 ? `${days.length} 天：${first}…` : first
}

function choiceLabel(choices: Choice[] | null, value: string): string {
  return choices?.find((choice) => choice.value === value)?.label ?? value
}

/** The value as one short line. ``groups``: group id → name. */
export function summary(field: SettingField, value: Value, groups: Record<string, string>): string {
  switch (field.kind) {
    case 'hours':
      return value === WHOLE_DAY ? '24 小时营业' : `每天 ${spanText(value)}`
    case 'dates':
      return holidaysText(value ?? [])
    case 'bool':
      return value ? '开启' : '关闭'
    case 'percent':
      return percent(value)
    case 'money':
      return money(value)
    case 'group':
      return groups[value] ?? (value || '不设置')
    case 'choice':
      return choiceLabel(field.choices, value)
    case 'text':
      return value ? (value.length > 24 ? `${value.slice(0, 24)}…` : value) : '（空，不发送）'
    case 'words':
      return `${(value ?? []).length} 个词`
    case 'map': {
      const filled = Object.values(value ?? {}).filter((list) => (list as string[]).length).length
      return filled ? `${filled} 项已填` : '未填写'
    }
    case 'durations':
      return `${Object.keys(value ?? {}).length} 步设了时限`
    case 'qc_rules': {
      const changed = Object.keys(value ?? {}).length
      return changed ? `已调整 ${changed} 条规则，其余按默认` : '全部按默认'
    }
    default:
      return value === null || value === undefined || value === '' ? '—' : String(value)
  }
}

const PATH = /^((?:\[\d+\]|\.?[^\s：[\].（）]+)+)：/

/** "营业时间（working_hours）：[0].hours：…" → "第 1 行 时段：…"; names from the field's choices. */
export function cleanReason(reason: string, field: SettingField, names: Record<string, string> = {}): string {
  let text = reason
  const own = `${field.label}（${field.key}）：`
  if (text.startsWith(own)) text = text.slice(own.length)
  const match = PATH.exec(text)
  if (!match || !/[A-Za-z0-9[]/.test(match[1])) return text
  const parts = match[1].match(/\[\d+\]|[^[\].]+/g) ?? []
  const where = parts.map((part) => {
    if (part.startsWith('[')) return `第 ${Number(part.slice(1, -1)) + 1} 行`
    return VALUE_PARTS[part] ?? names[part] ?? choiceLabel(field.choices, part)
  })
  return `${where.join(' ')}：${text.slice(match[0].length)}`
}

/** What the page can tell before asking the server: a holiday row without its date. */
export function localProblem(field: SettingField, value: Value): string | null {
  if (field.kind !== 'dates') return null
  const at = (value as Holiday[]).findIndex((day) => !day.date)
  return at >= 0 ? `第 ${at + 1} 行：请选择日期` : null
}
