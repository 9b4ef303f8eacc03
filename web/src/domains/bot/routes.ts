// The bot's pages: the FAQ knowledge base (主管 edits; agents and 质检 read it).
import type { DomainRoutes } from '@/app/routes'
import { QC_DESK, SERVICE_ROLES } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/kb',
    name: 'kb',
    component: () => import('./KbView.vue'),
    meta: { title: '知识库', roles: [...SERVICE_ROLES, ...QC_DESK], nav: { group: '管理', order: 10, icon: 'Collection' } },
  },
]
