// 询单跟进: presale agents and the supervisor follow up inquirers who did not buy.
import type { DomainRoutes } from '@/app/routes'
import { PRESALE_DESK } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/followups',
    name: 'followups',
    component: () => import('./FollowUpsView.vue'),
    meta: { title: '询单跟进', roles: [...PRESALE_DESK, 'supervisor'], nav: { group: '客户', order: 20, icon: 'Finished' } },
  },
]
