// 工作 · 任务: every role that the task API admits (all but 质检).
import type { DomainRoutes } from '@/app/routes'
import { AFTERSALE_DESK, HOTLINE_DESK, PRESALE_DESK } from '@/app/routes'
import type { Role } from '@/app/auth'

const TASK_ROLES: Role[] = [...PRESALE_DESK, ...AFTERSALE_DESK, 'order_review', 'refund_review', ...HOTLINE_DESK, 'supervisor']

export const routes: DomainRoutes = [
  {
    path: '/tasks',
    component: () => import('./TasksView.vue'),
    meta: { title: '任务', roles: TASK_ROLES, nav: { group: '工作', order: 10, icon: 'List' } },
  },
]
