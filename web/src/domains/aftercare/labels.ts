// After-care in Chinese: service orders, parcel cases and claims, tickets, platform claims, and
// the kinds of steps on their timelines.
import type { Labels } from '@/kit/labels'

export const SERVICE_KIND: Labels = { repair: '维修', install: '安装' }
export const SERVICE_STATUS: Labels = { opened: '待预约', scheduled: '已预约', in_progress: '处理中', done: '已完成', cancelled: '已取消' }
export const SERVICE_TAG: Record<string, 'warning' | 'primary' | 'success' | 'info'> = {
  opened: 'warning', scheduled: 'primary', in_progress: 'primary', done: 'success', cancelled: 'info',
}

export const PARCEL_KIND: Labels = { chase: '催件', problem: '疑难件', damaged: '破损', lost: '丢件' }
export const PARCEL_STATE: Labels = { open: '跟进中', solved: '已解决' }
export const CLAIM_STATUS: Labels = { none: '未理赔', filed: '已提交', accepted: '已同意', rejected: '被拒绝', paid: '已到账' }

export const TICKET_KIND: Labels = { question: '部门工单', abuse: '举报恶意买家' }
export const TICKET_STATE: Labels = { open: '待答复', answered: '已答复' }

export const PLATFORM: Labels = { taobao: '淘宝', tmall: '天猫', jd: '京东', pdd: '拼多多', douyin: '抖音', other: '其他' }
export const CLAIM_KIND: Labels = { complaint: '平台投诉', rights: '维权' }

export const STEP_KIND: Labels = {
  told: '告知买家',
  visit: '上门记录',
  contact: '联系快递',
  claim: '理赔',
  followup: '处理记录',
  resolved: '结案',
}
export const STEP_CHANNEL: Labels = {
  chat: '在线消息',
  phone: '电话',
  phone_task: '待电话告知',
  platform: '快递平台',
  email: '邮件',
  other: '其他',
}
