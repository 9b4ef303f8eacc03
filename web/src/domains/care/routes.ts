// Care and return-visit campaigns: the supervisor's alone.
import type { DomainRoutes } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/campaigns',
    name: 'campaigns',
    component: () => import('./CampaignsView.vue'),
    meta: { title: '关怀活动', roles: ['supervisor'], nav: { group: '客户', order: 30, icon: 'Promotion' } },
  },
  {
    path: '/campaigns/:id',
    name: 'campaign',
    component: () => import('./CampaignView.vue'),
    props: true,
    meta: { title: '关怀活动', roles: ['supervisor'] },
  },
]
