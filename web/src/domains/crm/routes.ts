// The customer domain's pages: segments (客户分群). Agents who chat may look; the
// supervisor builds and saves them.
import type { DomainRoutes } from '@/app/routes'
import { SERVICE_ROLES } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/segments',
    name: 'segments',
    component: () => import('./SegmentsView.vue'),
    meta: { title: '客户分群', roles: SERVICE_ROLES, nav: { group: '客户', order: 40, icon: 'UserFilled' } },
  },
  {
    path: '/segments/new',
    name: 'segment-new',
    component: () => import('./SegmentEditor.vue'),
    meta: { title: '新建客户分群', roles: ['supervisor'] },
  },
  {
    path: '/segments/:id',
    name: 'segment',
    component: () => import('./SegmentEditor.vue'),
    props: true,
    meta: { title: '客户分群', roles: SERVICE_ROLES },
  },
]
