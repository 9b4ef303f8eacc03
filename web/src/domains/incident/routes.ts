// 异常通知: after-sales agents and the supervisor tell every buyer of the affected orders.
import type { DomainRoutes } from '@/app/routes'
import { AFTERSALE_DESK } from '@/app/routes'

const SENDERS = [...AFTERSALE_DESK, 'supervisor'] as const

export const routes: DomainRoutes = [
  {
    path: '/incidents',
    name: 'incidents',
    component: () => import('./IncidentsView.vue'),
    meta: { title: '异常通知', roles: [...SENDERS], nav: { group: '订单', order: 5, icon: 'Bell' } },
  },
  {
    path: '/incidents/:id',
    name: 'incident',
    component: () => import('./IncidentView.vue'),
    props: true,
    meta: { title: '异常通知', roles: [...SENDERS] },
  },
]
