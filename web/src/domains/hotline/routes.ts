// 热线: the incoming-call screen, missed calls, outbound call tasks, the call log (QC plays and
// scores recordings there) and 通时通次.
import type { DomainRoutes } from '@/app/routes'
import { HOTLINE_DESK, QC_DESK } from '@/app/routes'
import type { Role } from '@/app/auth'

const DESK: Role[] = [...HOTLINE_DESK, 'supervisor']
const VIEWERS: Role[] = [...DESK, ...QC_DESK]

export const routes: DomainRoutes = [
  {
    path: '/hotline',
    component: () => import('./IncomingCall.vue'),
    meta: { title: '来电', roles: DESK, nav: { group: '热线', order: 1, icon: 'Headset' } },
  },
  {
    path: '/hotline/missed',
    component: () => import('./MissedCalls.vue'),
    meta: { title: '未接来电', roles: DESK, nav: { group: '热线', order: 2, icon: 'Bell' } },
  },
  {
    path: '/hotline/tasks',
    component: () => import('./CallTasks.vue'),
    meta: { title: '外呼任务', roles: DESK, nav: { group: '热线', order: 3, icon: 'List' } },
  },
  {
    path: '/hotline/calls',
    component: () => import('./CallLog.vue'),
    meta: { title: '通话记录', roles: VIEWERS, nav: { group: '热线', order: 4, icon: 'Files' } },
  },
  {
    path: '/hotline/stats',
    component: () => import('./CallStats.vue'),
    meta: { title: '通时通次', roles: DESK, nav: { group: '热线', order: 5, icon: 'DataLine' } },
  },
]
