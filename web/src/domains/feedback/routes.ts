// 意见反馈: the weekly report, for whoever the API lets read it (the roles that talk to buyers
// and tag feedback, and 质检).
import type { DomainRoutes } from '@/app/routes'
import { QC_DESK, SERVICE_ROLES } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/feedback',
    component: () => import('./FeedbackView.vue'),
    meta: { title: '意见反馈', roles: [...SERVICE_ROLES, ...QC_DESK], nav: { group: '数据', order: 40, icon: 'Notebook' } },
  },
]
