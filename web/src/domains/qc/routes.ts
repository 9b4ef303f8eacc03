// 质检: the queue and the review sheet (the API admits 质检 and 主管), and 我的质检 for everyone
// whose conversations are inspected (the roles that talk to buyers).
import type { DomainRoutes } from '@/app/routes'
import { QC_DESK, SERVICE_ROLES } from '@/app/routes'
import type { Role } from '@/app/auth'

const REVIEWERS: Role[] = [...QC_DESK, 'supervisor']

export const routes: DomainRoutes = [
  {
    path: '/qc',
    component: () => import('./QueueView.vue'),
    meta: { title: '质检队列', roles: REVIEWERS, nav: { group: '质检', order: 10, icon: 'Checked' } },
  },
  {
    path: '/qc/mine',
    component: () => import('./MineView.vue'),
    meta: { title: '我的质检', roles: SERVICE_ROLES, nav: { group: '质检', order: 20, icon: 'Star' } },
  },
  {
    path: '/qc/:sessionId',
    component: () => import('./ReviewView.vue'),
    meta: { title: '质检复核', roles: REVIEWERS },
  },
]
