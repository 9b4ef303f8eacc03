// The shop domain's enums in Chinese, and the words the settings page puts next to values.
import type { Labels } from '@/kit/labels'

export const SEVERITY: Labels = { high: '高', medium: '中', low: '低' }

/** A holiday is closed all day, or open at other hours. */
export const HOLIDAY_PLAN: Labels = { closed: '休息', special: '特别时段' }

export const ON_OFF: Labels = { on: '开启', off: '关闭' }

/** Parts of a setting named in the server's reasons ("[0].hours：…"). */
export const VALUE_PARTS: Labels = {
  date: '日期',
  hours: '时段',
  note: '备注',
  enabled: '启用',
  words: '词表',
  limit: '时限',
  severity: '严重程度',
}

/** QC rules whose limit counts times, not seconds (the rest are timing rules). */
export const LIMIT_UNIT: Record<string, string> = { T02_qin_overuse: '次' }
