// The rule builder's rows and the API's rules, both ways. A row keeps a value of every
// kind, so switching a field back and forth does not lose what was typed; the period of
// spend and orders is shown as an inclusive date range ([from, to] with to + 1 day sent).
import type { SegmentField, SegmentRule } from './segmentApi'

export interface RuleRow {
  key: number
  field: string
  op: string
  text: string
  list: string[]
  amount: number | undefined
  date: string | null
  period: [string, string] | null
}

let nextKey = 1

export function blankRow(field?: SegmentField): RuleRow {
  return {
    key: nextKey++,
    field: field?.field ?? '',
    op: field?.ops[0]?.op ?? '',
    text: '',
    list: [],
    amount: undefined,
    date: null,
    period: null,
  }
}

function shiftDay(day: string, by: number): string {
  const at = new Date(`${day}T00:00:00Z`)
  at.setUTCDate(at.getUTCDate() + by)
  return at.toISOString().slice(0, 10)
}

export function toRow(rule: SegmentRule, field: SegmentField | undefined): RuleRow {
  const row = { ...blankRow(), field: rule.field, op: rule.op }
  const value = rule.value
  switch (field?.value_kind) {
    case 'text': row.text = String(value ?? ''); break
    case 'regions': case 'classes': row.list = Array.isArray(value) ? value.map(String) : []; break
    case 'money': case 'count': row.amount = value === undefined || value === null ? undefined : Number(value); break
    case 'date': row.date = typeof value === 'string' ? value : null; break
  }
  if (rule.period_from || rule.period_to) {
    row.period = [rule.period_from ?? '', rule.period_to ? shiftDay(rule.period_to, -1) : '']
  }
  return row
}

/** The API's rule, or null with the reason the row is not complete yet. */
export function toRule(row: RuleRow, field: SegmentField | undefined): SegmentRule | string {
  if (!field) return '请选择条件'
  const op = field.ops.find((o) => o.op === row.op)
  if (!op) return `请选择「${field.label}」的比较方式`
  const rule: SegmentRule = { field: row.field, op: row.op }
  if (op.needs_value) {
    switch (field.value_kind) {
      case 'text':
        if (!row.text.trim()) return `请填写${field.label}`
        rule.value = row.text.trim()
        break
      case 'regions': case 'classes':
        if (row.list.length === 0) return `请选择${field.label}`
        rule.value = row.list
        break
      case 'money': case 'count':
        if (row.amount === undefined || row.amount === null) return `请填写${field.label}`
        rule.value = row.amount
        break
      case 'date':
        if (!row.date) return `请选择${field.label}的日期`
        rule.value = row.date
        break
    }
  }
  if (field.period && row.period) {
    const [from, to] = row.period
    if (from) rule.period_from = from
    if (to) rule.period_to = shiftDay(to, 1)
  }
  return rule
}
