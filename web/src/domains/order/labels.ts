import type { Labels } from '@/kit/labels'

export const ORDER_STATUS: Labels = {
  unpaid: '待付款',
  paid: '已付款',
  shipped: '已发货',
  delivered: '已签收',
  closed: '已关闭',
  refunded: '已退款',
}

export const FLAG_COLOUR: Labels = {
  grey: '灰旗',
  red: '红旗',
  yellow: '黄旗',
  green: '绿旗',
  blue: '蓝旗',
  purple: '紫旗',
}

/** The CSS colour of each remark flag (小红旗). */
export const FLAG_CSS: Record<string, string> = {
  grey: '#909399',
  red: '#f56c6c',
  yellow: '#e6a23c',
  green: '#67c23a',
  blue: '#409eff',
  purple: '#9b59b6',
}

export const ORDER_ACTION: Labels = {
  flag: '插旗备注',
  change_address: '修改地址',
  change_quantity: '修改数量',
  cancel: '取消订单',
  review: '审单通过',
  not_received: '登记未收到货',
}
