// 管理: the supervisor's agents and groups.
import type { DomainRoutes } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/agents',
    component: () => import('./AgentsView.vue'),
    meta: { title: '客服账号', roles: ['supervisor'], nav: { group: '管理', order: 10, icon: 'User' } },
  },
  {
    path: '/groups',
    component: () => import('./GroupsView.vue'),
    meta: { title: '客服分组', roles: ['supervisor'], nav: { group: '管理', order: 20, icon: 'UserFilled' } },
  },
]
