// The chat domain's enums in Chinese (service-standard.md's glossary).
import type { Labels } from '@/kit/labels'

export const SESSION_STATUS: Labels = {
  open: '新会话',
  bot: '机器人接待',
  queued: '排队中',
  assigned: '接待中',
  offline: '留言',
  closed: '已结束',
}

export const CHANNEL: Labels = {
  web: '网页',
  email: '邮件',
  phone: '电话',
  marketplace: '平台旺旺',
}

export const SENDER: Labels = {
  buyer: '买家',
  agent: '客服',
  bot: '智能客服',
  system: '系统',
}

export const VIEW: Labels = {
  mine: '我的',
  unassigned: '未分配',
  queued: '排队中',
  offline: '留言',
  closed_today: '今日已结束',
}

/** Why the bot handed the buyer to a person. */
export const HANDOFF_REASON: Labels = {
  buyer_asked: '买家要求',
  bot_unsure: '机器人不确定',
  complaint: '投诉',
  angry: '买家情绪激动',
  abuse: '买家辱骂',
  rejected: '连续两次不满意',
  no_data: '缺少数据',
  rule: '规则转人工',
}

/** The fixed intent taxonomy (shared/spec/intents.md), kept once in the bot domain. */
export { INTENT } from '@/domains/bot/labels'

export const FEEDBACK_CATEGORY: Labels = {
  product: '产品',
  quality: '质量',
  logistics: '物流',
  price: '价格',
  website: '网站',
  service: '服务',
}

export const SUGGESTION_SOURCE: Labels = {
  faq: '知识库',
  phrase: '快捷短语',
}

export const CASE_KIND: Labels = {
  refund: '售后',
  complaint: '投诉',
  review: '中差评',
}
