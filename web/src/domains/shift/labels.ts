// Shifts and duties in Chinese: the duty kinds (the back end's shift.service.DUTY_LABELS) and
// what a handover's open item is.
import type { Labels } from '@/kit/labels'

export const DUTY_KIND: Labels = {
  payment_reminder: '今日催付',
  night_refund_review: '夜间退款审核',
  night_hotline: '夜间热线',
  on_call: '下班后值班',
}

export const HANDOVER_ITEM: Labels = {
  chat: '未结会话',
  task: '待办任务',
  callback: '约定回电',
  note: '其他事项',
}
