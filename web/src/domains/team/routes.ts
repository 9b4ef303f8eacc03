// 管理: agents and groups; a lead sees her own groups' people, the supervisor everyone.
import { MANAGER_ROLES, type DomainRoutes } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/agents',
    component: () => import('./AgentsView.vue'),
    meta: { title: '客服账号', roles: MANAGER_ROLES, nav: { group: '管理', order: 10, icon: 'User' } },
  },
  {
    path: '/groups',
    component: () => import('./GroupsView.vue'),
    meta: { title: '客服分组', roles: MANAGER_ROLES, nav: { group: '管理', order: 20, icon: 'UserFilled' } },
  },
]
