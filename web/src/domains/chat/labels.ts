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
  rejected: '连续两次不满意',
  no_data: '缺少数据',
  rule: '规则转人工',
}

/** The fixed intent taxonomy (shared/spec/intents.md). */
export const INTENT: Labels = {
  greeting: '问候',
  product_info: '商品咨询',
  size_advice: '尺码推荐',
  stock: '库存',
  price_bargain: '价格优惠',
  payment: '支付',
  shipping_time: '发货时效',
  logistics_query: '物流查询',
  change_address: '修改地址',
  change_order: '修改订单',
  cancel_order: '取消订单',
  invoice: '发票',
  cod: '货到付款',
  return_exchange: '退换货',
  refund_status: '退款进度',
  quality_issue: '质量问题',
  usage_help: '使用指导',
  complaint: '投诉',
  review: '评价',
  human_agent: '转人工',
  thanks_bye: '致谢结束',
  other: '其他',
}

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
