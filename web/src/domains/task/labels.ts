// Tasks in Chinese: their kinds (the back end's task.service.KIND_LABELS) and states.
import type { Labels } from '@/kit/labels'

export const TASK_KIND: Labels = {
  payment_reminder: '催付',
  incident_call: '异常通知电话',
  cod_confirmation: '货到付款确认',
  followup_contact: '询单跟进',
  campaign_alert: '大促发货预警',
  offline_message: '留言回复',
  logistics_exception: '物流异常',
  complaint_followup: '投诉跟进',
  complaint_escalation: '投诉升级',
  review_followup: '中差评处理',
  callback: '回访',
  care: '关怀回访',
  shipping_notice: '发货通知',
  delivery_followup: '签收回访',
  claims_sheet: '理赔表交财务',
  ticket_answer: '工单答复',
  abuse_report: '恶意买家举报',
  refund_review: '退款审核',
  hotline_call: '外呼',
}

export const TASK_STATUS: Labels = { open: '待办', done: '已完成', skipped: '已跳过', cancelled: '已取消' }

export const TASK_TAG: Record<string, 'warning' | 'success' | 'info'> = { open: 'warning', done: 'success', skipped: 'info', cancelled: 'info' }

/** Notice tasks whose prepared message can be sent into the buyer's open chat. */
export const SENDABLE = ['shipping_notice', 'delivery_followup', 'payment_reminder']
