// 接待: the agent's workbench and the supervisor's live view.
import type { DomainRoutes } from '@/app/routes'
import { SERVICE_ROLES } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/workbench',
    name: 'workbench',
    component: () => import('./WorkbenchView.vue'),
    meta: { title: '工作台', roles: SERVICE_ROLES, nav: { group: '接待', order: 1, icon: 'ChatDotRound' } },
  },
  {
    path: '/supervisor',
    name: 'supervisor',
    component: () => import('./SupervisorView.vue'),
    meta: { title: '实时监控', roles: ['supervisor'], nav: { group: '接待', order: 2, icon: 'Monitor' } },
  },
]
