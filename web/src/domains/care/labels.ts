// Care campaigns' enums in Chinese (care/service.py).
import type { Labels } from '@/kit/labels'

export const KIND: Labels = {
  holiday: '节日问候',
  birthday: '生日祝福',
  weather: '天气提醒',
  delivered: '签收回访',
  return_visit: '定期回访',
}

/** What each kind sends to, shown under the kind when creating a campaign. */
export const KIND_HELP: Labels = {
  holiday: '发给所选客户分群的每位客户',
  birthday: '今天过生日的客户（可再限定分群）',
  weather: '收货地区在所填地区的客户（可再限定分群）',
  delivered: '过去 24 小时内签收的订单的客户（可再限定分群）',
  return_visit: '签收满所填天数的订单的客户（可再限定分群）',
}

export const ACTION: Labels = { message: '发送消息', call_task: '电话回访任务' }

export const CHANNEL: Labels = { chat: '在线消息', email: '邮件', call_task: '电话回访任务' }

export const SEND_STATUS: Labels = { sent: '已发送', queued: '排队发送', failed: '发送失败' }

export const SKIP_REASON: Labels = {
  opted_out: '已拒收营销',
  limit: '超出联系频次',
  already: '本次已发过',
  no_channel: '没有可用渠道',
  merged: '档案已合并',
}
