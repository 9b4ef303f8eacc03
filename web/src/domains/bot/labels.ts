// The bot's enums in Chinese: the buyer intents (the fixed taxonomy of spec/intents.md).
import type { Labels } from '@/kit/labels'

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

export const ENABLED: Labels = { true: '启用', false: '停用' }

/** Where a mined FAQ proposal stands (bot/proposals.py). */
export const PROPOSAL_STATUS: Labels = { proposed: '待处理', accepted: '已采纳', rejected: '已拒绝' }

/** Why the bot hands a buyer to a person (bot/service.py). */
export const HANDOFF_REASON: Labels = {
  buyer_asked: '买家要求转人工',
  bot_unsure: '机器人没有把握',
  complaint: '投诉需人工处理',
  angry: '买家情绪激动',
  abuse: '买家辱骂',
  rejected: '买家对回答不满意',
  no_data: '缺少回答所需的数据',
}
