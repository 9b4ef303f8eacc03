import type { Labels } from '@/kit/labels'

export const TIMELINE_KIND: Labels = {
  chat: '会话',
  call: '电话',
  order: '订单',
  refund: '售后',
  complaint: '投诉',
  review: '评价',
  note: '备注',
  profile: '资料',
  tag: '标签',
  merge: '合并',
  care: '关怀',
  survey: '回访',
  feedback: '意见',
}

export const IDENTITY_KIND: Labels = {
  id: '客户编号',
  nick: '昵称',
  phone: '手机',
  email: '邮箱',
  visitor: '访客',
}

export const RFM_CLASSES = ['重要价值客户', '重要发展客户', '重要保持客户', '重要挽留客户', '一般价值客户', '一般发展客户', '一般保持客户', '一般挽留客户']
