// After-care pages: 维修安装 (with 三包), 包裹问题 (催件, 疑难件, 破损丢件, 理赔表), 内部工单 (to the
// departments, and abuse reports to the lead), 平台投诉, 投诉统计. Who may open them follows the API.
import type { DomainRoutes } from '@/app/routes'
import { AFTERSALE_DESK, HOTLINE_DESK, SERVICE_ROLES } from '@/app/routes'
import type { Role } from '@/app/auth'

const CASE_ROLES: Role[] = [...AFTERSALE_DESK, ...HOTLINE_DESK, 'supervisor']
const PARCEL_ROLES: Role[] = [...AFTERSALE_DESK, ...HOTLINE_DESK, 'supervisor', 'order_review']

export const routes: DomainRoutes = [
  {
    path: '/service-orders',
    component: () => import('./ServiceOrdersView.vue'),
    meta: { title: '维修安装', roles: CASE_ROLES, nav: { group: '售后', order: 40, icon: 'Tools' } },
  },
  { path: '/service-orders/:id', component: () => import('./ServiceOrderView.vue'), meta: { title: '维修安装单', roles: CASE_ROLES } },
  {
    path: '/parcels',
    component: () => import('./ParcelsView.vue'),
    meta: { title: '包裹问题', roles: PARCEL_ROLES, nav: { group: '售后', order: 50, icon: 'Box' } },
  },
  { path: '/parcels/:id', component: () => import('./ParcelView.vue'), meta: { title: '包裹问题详情', roles: PARCEL_ROLES } },
  {
    path: '/platform-claims',
    component: () => import('./PlatformClaimsView.vue'),
    meta: { title: '平台投诉', roles: CASE_ROLES, nav: { group: '售后', order: 60, icon: 'WarningFilled' } },
  },
  { path: '/platform-claims/:id', component: () => import('./PlatformClaimView.vue'), meta: { title: '平台投诉详情', roles: CASE_ROLES } },
  {
    path: '/complaint-stats',
    component: () => import('./ComplaintStatsView.vue'),
    meta: { title: '投诉统计', roles: CASE_ROLES, nav: { group: '售后', order: 70, icon: 'DataAnalysis' } },
  },
  {
    path: '/tickets',
    component: () => import('./TicketsView.vue'),
    meta: { title: '内部工单', roles: SERVICE_ROLES, nav: { group: '工作', order: 30, icon: 'Connection' } },
  },
  { path: '/tickets/:id', component: () => import('./TicketView.vue'), meta: { title: '工单详情', roles: SERVICE_ROLES } },
]
