// Quick phrases: every agent who chats keeps her own; the supervisor keeps the team's.
import type { DomainRoutes } from '@/app/routes'
import { SERVICE_ROLES } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/phrases',
    name: 'phrases',
    component: () => import('./PhrasesView.vue'),
    meta: { title: '快捷短语', roles: SERVICE_ROLES, nav: { group: '管理', order: 20, icon: 'Memo' } },
  },
]
