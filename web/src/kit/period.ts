// Reporting periods as the API takes them: ISO dates in the shop's zone, `from` inclusive and
// `to` exclusive. People pick and read the last day itself, so the pickers add and take a day.
import { date } from './format'

export interface Period {
  from: string
  to: string
}

/** 'YYYY-MM-DD' plus n days (calendar arithmetic, no time zone involved). */
export function addDays(day: string, n: number): string {
  const [year, month, dayOfMonth] = day.split('-').map(Number)
  return new Date(Date.UTC(year, month - 1, dayOfMonth + n)).toISOString().slice(0, 10)
}

/** Today in the shop's zone. */
export function today(): string {
  return date(new Date())
}

export function monthStart(day: string): string {
  return `${day.slice(0, 8)}01`
}

/** The Monday of the week holding `day`. */
export function monday(day: string): string {
  const [year, month, dayOfMonth] = day.split('-').map(Number)
  const weekday = (new Date(Date.UTC(year, month - 1, dayOfMonth)).getUTCDay() + 6) % 7
  return addDays(day, -weekday)
}

/** The last `days` days up to and including today. */
export function lastDays(days: number): Period {
  const end = addDays(today(), 1)
  return { from: addDays(end, -days), to: end }
}

/** The period in a route's query, or `fallback` when it has none or a broken one. */
export function periodFrom(query: Record<string, unknown>, fallback: Period): Period {
  const valid = (value: unknown): value is string => typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
  return valid(query.from) && valid(query.to) && query.from < query.to ? { from: query.from, to: query.to } : fallback
}

/** "2026-11-01 至 2026-11-30" (the last day shown, not the exclusive end). */
export function periodText(period: Period): string {
  const last = addDays(period.to, -1)
  return last === period.from ? period.from : `${period.from} 至 ${last}`
}
