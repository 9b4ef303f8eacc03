// Invoices in Chinese.
import type { Labels } from '@/kit/labels'

export const INVOICE_STATUS: Labels = {
  requested: '待开票',
  issued: '已开票待发送',
  sent: '已发送邮箱',
  posted: '已寄出',
  rejected: '已驳回',
}

export const INVOICE_KIND: Labels = { normal: '普通发票', special: '增值税专用发票' }
export const TITLE_TYPE: Labels = { personal: '个人', company: '单位' }
export const DELIVERY: Labels = { email: '电子发票（邮箱）', post: '纸质发票（邮寄）' }
