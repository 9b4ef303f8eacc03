// Chinese for every enum a person sees. Each domain keeps its own tables in
// domains/<name>/labels.ts; these are the ones the shell itself needs.

export type Labels = Record<string, string>

/** The label, or the raw value marked so that a missing label is noticed, never hidden. */
export function label(table: Labels, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  return table[value] ?? `未知(${value})`
}

export function options(table: Labels): { value: string; label: string }[] {
  return Object.entries(table).map(([value, text]) => ({ value, label: text }))
}

export const ROLE: Labels = {
  presale: '售前客服',
  aftersale: '售后客服',
  order_review: '审单',
  refund_review: '退款审核',
  qc: '质检',
  hotline: '热线',
  supervisor: '主管',
  team_lead: '组长',
  presale_lead: '售前主管',
  aftersale_lead: '售后主管',
  qc_lead: '质检主管',
  hotline_lead: '热线主管',
}

export const AGENT_STATUS: Labels = {
  online: '在线',
  busy: '忙碌',
  away: '离开',
  offline: '离线',
}
