// 培训与整改: courses and assignments (leads, the supervisor and QC manage them), every
// agent's own courses and 整改通知单, violations per year, QC's improvement proposals.
import { EVERY_ROLE, MANAGER_ROLES, QC_DESK, type DomainRoutes } from '@/app/routes'
import type { Role } from '@/app/auth'

const EDITORS: Role[] = [...MANAGER_ROLES, 'qc']
const QC_STAFF: Role[] = [...QC_DESK, 'supervisor']

export const routes: DomainRoutes = [
  {
    path: '/training',
    component: () => import('./CoursesView.vue'),
    meta: { title: '培训课程', roles: EDITORS, nav: { group: '质检', order: 60, icon: 'Reading' } },
  },
  {
    path: '/my-training',
    component: () => import('./MyTrainingView.vue'),
    meta: { title: '我的培训', roles: EVERY_ROLE, nav: { group: '工作', order: 81, icon: 'Reading' } },
  },
  {
    path: '/training/assignments/:id',
    component: () => import('./AssignmentView.vue'),
    meta: { title: '学习与测验', roles: EVERY_ROLE },
  },
  {
    path: '/notices',
    component: () => import('./NoticesView.vue'),
    meta: { title: '整改通知单', roles: EVERY_ROLE, nav: { group: '工作', order: 82, icon: 'EditPen' } },
  },
  {
    path: '/notices/:id',
    component: () => import('./NoticeView.vue'),
    meta: { title: '整改通知单', roles: EVERY_ROLE },
  },
  {
    path: '/training/violations',
    component: () => import('./ViolationsView.vue'),
    meta: { title: '违规统计', roles: MANAGER_ROLES, nav: { group: '质检', order: 61, icon: 'Warning' } },
  },
  {
    path: '/training/proposals',
    component: () => import('./ProposalsView.vue'),
    meta: { title: '改进建议', roles: QC_STAFF, nav: { group: '质检', order: 62, icon: 'Opportunity' } },
  },
]
