// 排班 (the rota calendar) for the supervisor and leads; 交接班 for every service role.
import { MANAGER_ROLES, SERVICE_ROLES, type DomainRoutes } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/rota',
    component: () => import('./RotaView.vue'),
    meta: { title: '排班', roles: MANAGER_ROLES, nav: { group: '管理', order: 30, icon: 'Calendar' } },
  },
  {
    path: '/handovers',
    component: () => import('./HandoverView.vue'),
    meta: { title: '交接班', roles: SERVICE_ROLES, nav: { group: '工作', order: 20, icon: 'Memo' } },
  },
]
