// 意见反馈: the weekly report per category, as JSON and as an Excel file.
import { api, withQuery } from '@/kit/http'

export interface FeedbackCategory {
  category: string
  label: string
  count: number
  previous: number
  change: number
  products: { product_id: string | null; title: string; count: number }[]
  groups: { keyword: string; count: number; quote: string }[]
  quotes: string[]
}

export interface FeedbackReport {
  week: { from: string; to: string }
  total: number
  categories: FeedbackCategory[]
  items: { at: string; category: string; product: string; text: string; keywords: string }[]
}

export const feedbackApi = {
  report: (week: string) => api.get<FeedbackReport>('/api/v1/feedback/report', { week }),
  excel: (week: string) => withQuery('/api/v1/feedback/report.xlsx', { week }),
}
