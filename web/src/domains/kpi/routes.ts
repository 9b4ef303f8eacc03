// 数据: the dashboard, the team reports, the sessions behind the numbers and one transcript.
// Who may open them follows the API: the kpi endpoints admit 主管 and 质检.
import type { DomainRoutes } from '@/app/routes'
import { QC_DESK } from '@/app/routes'
import type { Role } from '@/app/auth'

const VIEWERS: Role[] = ['supervisor', ...QC_DESK]

export const routes: DomainRoutes = [
  {
    path: '/dashboard',
    component: () => import('./DashboardView.vue'),
    meta: { title: '数据看板', roles: VIEWERS, nav: { group: '数据', order: 10, icon: 'DataAnalysis' } },
  },
  {
    path: '/reports',
    component: () => import('./ReportsView.vue'),
    meta: { title: '团队报表', roles: VIEWERS, nav: { group: '数据', order: 20, icon: 'TrendCharts' } },
  },
  {
    path: '/sessions',
    component: () => import('./SessionsView.vue'),
    meta: { title: '会话明细', roles: VIEWERS, nav: { group: '数据', order: 30, icon: 'ChatDotRound' } },
  },
  {
    path: '/sessions/:id',
    component: () => import('./SessionView.vue'),
    meta: { title: '会话记录', roles: VIEWERS },
  },
]
