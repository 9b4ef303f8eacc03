// The hotline desk in Chinese (the back end's hotline.service.CALL_REASONS and call states).
import type { Labels } from '@/kit/labels'

export const DIRECTION: Labels = { in: '呼入', out: '呼出' }

export const CALL_REASON: Labels = {
  cod_confirmation: '货到付款确认',
  large_unpaid: '大额未付款',
  at_risk: '流失风险回访',
  callback: '未接来电回拨',
  other: '其他',
}

export const CALL_STATE: Labels = { ringing: '振铃中', answered: '通话中', ended: '已挂断', missed: '未接' }

/** Reasons an agent picks on the call form (free text is allowed too). */
export const FORM_REASONS = ['咨询商品', '查询物流', '退换货', '投诉', '催付/确认订单', '回拨', '其他']
