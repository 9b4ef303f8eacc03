// Deadlines as a person on shift reads them: "还剩 3 小时" while there is time, "已超时 2 小时"
// once it has passed: whole minutes, hours, "1 天 5 小时", then whole days (never "0 小时").

export interface Deadline {
  text: string
  overdue: boolean
}

function span(milliseconds: number): string {
  const minutes = Math.max(1, Math.floor(milliseconds / 60000))
  if (minutes < 60) return `${minutes} 分钟`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return `${hours} 小时`
  const days = Math.floor(hours / 24)
  return days < 2 && hours % 24 ? `${days} 天 ${hours % 24} 小时` : `${days} 天`
}

export function deadline(due: string | Date | null | undefined, now: Date = new Date()): Deadline | null {
  if (!due) return null
  const left = new Date(due).getTime() - now.getTime()
  return left >= 0 ? { text: `还剩 ${span(left)}`, overdue: false } : { text: `已超时 ${span(-left)}`, overdue: true }
}
