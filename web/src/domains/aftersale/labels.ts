// After-sales in Chinese: the states and kinds of refunds, returns and exchanges, the verb on
// each step's button, complaint categories, review ratings and results, note kinds, channels.
import type { Labels } from '@/kit/labels'

export const REFUND_STATUS: Labels = {
  requested: '待审核',
  approved: '已同意',
  rejected: '已拒绝',
  buyer_shipped: '买家已寄回',
  received: '仓库已收货',
  refunded: '已退款',
  exchange_shipped: '换货已发出',
  closed: '已关闭',
}

export const REFUND_KIND: Labels = { refund_only: '仅退款', return: '退货退款', exchange: '换货' }

/** What the button that moves a case to this state says. */
export const REFUND_STEP: Labels = {
  approved: '同意',
  rejected: '拒绝',
  buyer_shipped: '登记买家寄回',
  received: '确认收货验货',
  refunded: '确认退款',
  exchange_shipped: '发出换货',
  closed: '关闭售后单',
}

/** What a step asks to be written down, by the state it moves to. */
export const REFUND_NOTE: Labels = { rejected: '拒绝原因', received: '验货结果' }

export const COMPLAINT_STATUS: Labels = { open: '处理中', resolved: '已解决' }
export const COMPLAINT_CATEGORY: Labels = { quality: '质量', service: '服务', logistics: '物流', incident: '突发事件', other: '其他' }

export const REVIEW_RATING: Labels = { good: '好评', medium: '中评', bad: '差评' }
export const REVIEW_STATUS: Labels = { pending: '待处理', handled: '已处理' }
export const REVIEW_RESULT: Labels = {
  revised: '买家已改评',
  explained: '已解释说明',
  malicious: '恶意评价（已取证）',
}

export const NOTE_KIND: Labels = {
  promise: '受理并承诺',
  followup: '跟进',
  resolved: '解决',
  contact: '联系买家',
  result: '处理结果',
  reassigned: '改派',
}

/** How the buyer was reached; ``phone_task``: no open chat, so a task to phone them was made. */
export const CHANNEL: Labels = {
  chat: '在线消息',
  phone: '电话',
  sms: '短信',
  email: '邮件',
  phone_task: '待电话告知',
}
/** The channels a person picks when logging a contact. */
export const CONTACT_CHANNEL: Labels = { phone: '电话', chat: '在线消息', sms: '短信' }

export const ORDER_STATUS: Labels = {
  unpaid: '待付款',
  paid: '已付款',
  shipped: '已发货',
  delivered: '已签收',
  closed: '已关闭',
  refunded: '已退款',
}

export type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info'

export const REFUND_TAG: Record<string, TagType> = {
  requested: 'warning',
  approved: 'primary',
  buyer_shipped: 'primary',
  received: 'primary',
  rejected: 'info',
  refunded: 'success',
  exchange_shipped: 'success',
  closed: 'info',
}
export const RATING_TAG: Record<string, TagType> = { good: 'success', medium: 'warning', bad: 'danger' }
