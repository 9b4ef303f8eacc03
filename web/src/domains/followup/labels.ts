// Follow-up enums in Chinese (followup/service.py).
import type { Labels } from '@/kit/labels'

export const REASON: Labels = { price: '价格', size: '尺码', logistics: '物流', hesitant: '犹豫', other: '其他' }

export const STATE: Labels = { new: '待跟进', due: '到期待联系', scheduled: '已安排', done: '已跟进完', converted: '跟进后成交' }

export const STATE_TAG: Record<string, 'danger' | 'warning' | 'success' | 'info' | 'primary'> = {
  new: 'warning', due: 'danger', scheduled: 'primary', done: 'info', converted: 'success',
}

export const ROUND: Labels = { '2': '二次跟进', '3': '三次跟进' }
