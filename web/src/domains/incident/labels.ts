// Incident notices' enums in Chinese (incident/service.py).
import type { Labels } from '@/kit/labels'

export const CHANNEL: Labels = { chat: '在线消息（不在线时发邮件）', email: '邮件', call_task: '电话通知任务（热线组）' }

export const SENT_BY: Labels = { chat: '在线消息', email: '邮件', call_task: '电话任务' }

export const PLAN_STATUS: Labels = { sent: '将发送', deferred: '免打扰后发送', skipped: '不发送', already: '已发过' }

/** What an earlier send of the notice became, for buyers it already reached. */
export const EARLIER: Labels = { sent: '已发过', deferred: '已排队，免打扰后发出', skipped: '已处理，未发送' }

export const PLAN_TAG: Record<string, 'success' | 'warning' | 'info'> = { sent: 'success', deferred: 'warning', skipped: 'info', already: 'info' }

export const SKIP_REASON: Labels = { opted_out: '买家拒收通知', no_channel: '不在线且没有邮箱', merged: '客户档案已合并' }

export const ORDER_STATUS: Labels = { unpaid: '待付款', paid: '已付款', shipped: '已发货', delivered: '已签收', closed: '已关闭', refunded: '已退款' }

export const VARIABLES = ['买家昵称', '订单号', '店铺名']
