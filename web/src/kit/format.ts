// How people read values: money as ¥, ratios as percentages with one decimal, times in the
// shop's zone whatever the browser's zone is.

let shopZone = 'Asia/Shanghai'

export function setShopZone(zone: string): void {
  shopZone = zone
}

const parts = (value: string | Date, options: Intl.DateTimeFormatOptions): string =>
  new Intl.DateTimeFormat('zh-CN', { timeZone: shopZone, hour12: false, ...options }).format(
    typeof value === 'string' ? new Date(value) : value,
  )

export function dateTime(value: string | Date | null | undefined): string {
  if (!value) return '—'
  return parts(value, {
    year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit',
  }).replace(/\//g, '-')
}

export function date(value: string | Date | null | undefined): string {
  if (!value) return '—'
  return parts(value, { year: 'numeric', month: '2-digit', day: '2-digit' }).replace(/\//g, '-')
}

export function time(value: string | Date | null | undefined): string {
  if (!value) return '—'
  return parts(value, { hour: '2-digit', minute: '2-digit' })
}

/** "3 分钟前" / "2 小时后": for waits and deadlines. */
export function fromNow(value: string | Date | null | undefined, now: Date = new Date()): string {
  if (!value) return '—'
  const seconds = Math.round((new Date(value).getTime() - now.getTime()) / 1000)
  const size = Math.abs(seconds)
  const [amount, unit] =
    size < 60 ? [size, '秒'] : size < 3600 ? [Math.floor(size / 60), '分钟'] :
    size < 86400 ? [Math.floor(size / 3600), '小时'] : [Math.floor(size / 86400), '天']
  return seconds < 0 ? `${amount} ${unit}前` : `${amount} ${unit}后`
}

export function isPast(value: string | Date | null | undefined, now: Date = new Date()): boolean {
  return !!value && new Date(value).getTime() < now.getTime()
}

/** Money arrives as a decimal string or number of yuan. */
export function money(value: string | number | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const amount = Number(value)
  return `¥${amount.toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`
}

/** A ratio in [0, 1] as "57.8%". */
export function percent(value: number | null | undefined): string {
  if (value === null || value === undefined || Number.isNaN(value)) return '—'
  return `${(value * 100).toFixed(1)}%`
}

export function seconds(value: number | null | undefined): string {
  if (value === null || value === undefined) return '—'
  if (value < 60) return `${value.toFixed(value < 10 ? 1 : 0)} 秒`
  const minutes = Math.floor(value / 60)
  return minutes < 60 ? `${minutes} 分 ${Math.round(value % 60)} 秒` : `${Math.floor(minutes / 60)} 小时 ${minutes % 60} 分`
}

/** A template variable as people type it: "{买家昵称}". */
export function variable(name: string): string {
  return `{${name}}`
}
