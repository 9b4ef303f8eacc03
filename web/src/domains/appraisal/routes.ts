// 绩效考核: the team's month and targets for leads (their own groups) and the supervisor;
// every agent sees her own month.
import { EVERY_ROLE, MANAGER_ROLES, type DomainRoutes } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/appraisal',
    component: () => import('./TeamAppraisalView.vue'),
    meta: { title: '团队考核', roles: MANAGER_ROLES, nav: { group: '管理', order: 40, icon: 'Trophy' } },
  },
  {
    path: '/appraisal/targets',
    component: () => import('./TargetsView.vue'),
    meta: { title: '考核目标', roles: MANAGER_ROLES, nav: { group: '管理', order: 45, icon: 'Aim' } },
  },
  {
    path: '/appraisal/:month/:agent',
    component: () => import('./AgentAppraisalView.vue'),
    meta: { title: '个人考核', roles: EVERY_ROLE },
  },
  {
    path: '/my-appraisal',
    component: () => import('./AgentAppraisalView.vue'),
    meta: { title: '我的考核', roles: EVERY_ROLE.filter((role) => role !== 'supervisor'), nav: { group: '工作', order: 80, icon: 'Medal' } },
  },
]
