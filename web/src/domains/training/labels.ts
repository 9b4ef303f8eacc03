// The training domain's enums in Chinese.
import type { Labels } from '@/kit/labels'

export const COURSE_KIND: Labels = { general: '通用课程', qc_rule: '质检规则课程', product: '商品课程' }
export const REASON: Labels = { lead: '组长安排', qc_rule: '质检触发', product_launch: '新品上线' }
export const NOTICE_STATUS: Labels = { open: '待整改', replied: '待检查', closed: '已完成' }
export const PROPOSAL_STATUS: Labels = { proposed: '待处理', accepted: '已采纳', rejected: '未采纳' }
