// 售后: refunds, returns and exchanges; complaints; medium and bad reviews. Who may open them
// follows the API: refunds for 售后 (and 售后主管), 退款审核 and 主管; complaints and reviews for 售后, 热线 and 主管.
import type { DomainRoutes } from '@/app/routes'
import { AFTERSALE_DESK, HOTLINE_DESK } from '@/app/routes'
import type { Role } from '@/app/auth'

const REFUND_ROLES: Role[] = [...AFTERSALE_DESK, 'refund_review', 'supervisor']
const CASE_ROLES: Role[] = [...AFTERSALE_DESK, ...HOTLINE_DESK, 'supervisor']

export const routes: DomainRoutes = [
  {
    path: '/refunds',
    component: () => import('./RefundsView.vue'),
    meta: { title: '退款售后', roles: REFUND_ROLES, nav: { group: '售后', order: 10, icon: 'Tickets' } },
  },
  {
    path: '/refunds/:id',
    component: () => import('./RefundView.vue'),
    meta: { title: '售后单', roles: REFUND_ROLES },
  },
  {
    path: '/complaints',
    component: () => import('./ComplaintsView.vue'),
    meta: { title: '投诉', roles: CASE_ROLES, nav: { group: '售后', order: 20, icon: 'Warning' } },
  },
  {
    path: '/complaints/:id',
    component: () => import('./ComplaintView.vue'),
    meta: { title: '投诉详情', roles: CASE_ROLES },
  },
  {
    path: '/reviews',
    component: () => import('./ReviewsView.vue'),
    meta: { title: '中差评', roles: CASE_ROLES, nav: { group: '售后', order: 30, icon: 'Star' } },
  },
  {
    path: '/reviews/:id',
    component: () => import('./ReviewView.vue'),
    meta: { title: '评价详情', roles: CASE_ROLES },
  },
]
