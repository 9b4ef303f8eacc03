// 操作日志: the supervisor's audit log.
import type { DomainRoutes } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/audit',
    component: () => import('./AuditView.vue'),
    meta: { title: '操作日志', roles: ['supervisor'], nav: { group: '管理', order: 40, icon: 'Document' } },
  },
]
