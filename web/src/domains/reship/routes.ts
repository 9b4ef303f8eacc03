// 补发 and 拦截: re-shipments are made from an order page by 售后 (and 主管); the warehouse's
// intercept answers are recorded by 审单. Who may open them follows the API.
import type { DomainRoutes } from '@/app/routes'
import { AFTERSALE_DESK } from '@/app/routes'
import type { Role } from '@/app/auth'

const RESHIP_ROLES: Role[] = [...AFTERSALE_DESK, 'order_review', 'supervisor']
const INTERCEPT_ROLES: Role[] = ['order_review', ...AFTERSALE_DESK, 'supervisor']

export const routes: DomainRoutes = [
  {
    path: '/reships',
    component: () => import('./ReshipList.vue'),
    meta: { title: '补发单', roles: RESHIP_ROLES, nav: { group: '订单', order: 3, icon: 'Promotion' } },
  },
  {
    path: '/intercepts',
    component: () => import('./InterceptList.vue'),
    meta: { title: '拦截', roles: INTERCEPT_ROLES, nav: { group: '订单', order: 4, icon: 'Warning' } },
  },
]
