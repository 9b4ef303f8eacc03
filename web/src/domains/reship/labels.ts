// Re-shipping and intercepts in Chinese.
import type { Labels } from '@/kit/labels'

export const RESHIP_REASON: Labels = {
  missing: '漏发/少发',
  wrong: '发错货',
  damaged: '破损/质量问题',
  lost: '丢件',
  other: '其他',
}

export const FREIGHT_PAYER: Labels = {
  shop: '商家承担',
  courier: '快递赔付',
  supplier: '供应商承担',
  buyer: '买家承担',
}

export const INTERCEPT_STATUS: Labels = {
  pending: '待拦截',
  intercepted: '已拦截',
  too_late: '拦截失败，转退货',
}
