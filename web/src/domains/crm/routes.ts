import type { RouteRecordRaw } from 'vue-router'
import { SERVICE_ROLES } from '@/app/routes'

export const routes: RouteRecordRaw[] = [
  {
    path: '/customers',
    component: () => import('./CustomerList.vue'),
    meta: { title: '客户', roles: SERVICE_ROLES, nav: { group: '客户', order: 1, icon: 'User' } },
  },
  {
    path: '/customers/:id',
    component: () => import('./CustomerProfile.vue'),
    props: true,
    meta: { title: '客户档案', roles: SERVICE_ROLES },
  },
]
