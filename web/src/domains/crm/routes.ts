// The customer domain's pages: the customer list and archive (客户档案), and segments
// (客户分群), which agents who chat may look at and the supervisor builds and saves.
import type { DomainRoutes } from '@/app/routes'
import { SERVICE_ROLES } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/customers',
    name: 'customers',
    component: () => import('./CustomerList.vue'),
    meta: { title: '客户', roles: SERVICE_ROLES, nav: { group: '客户', order: 1, icon: 'User' } },
  },
  {
    path: '/customers/:id',
    name: 'customer',
    component: () => import('./CustomerProfile.vue'),
    props: true,
    meta: { title: '客户档案', roles: SERVICE_ROLES },
  },
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
