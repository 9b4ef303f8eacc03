// 管理: the shop's settings.
import type { DomainRoutes } from '@/app/routes'

export const routes: DomainRoutes = [
  {
    path: '/settings',
    component: () => import('./SettingsView.vue'),
    meta: { title: '店铺设置', roles: ['supervisor'], nav: { group: '管理', order: 30, icon: 'Setting' } },
  },
  {
    path: '/surge',
    component: () => import('./SurgeView.vue'),
    meta: { title: '大促模式', roles: ['supervisor'], nav: { group: '管理', order: 31, icon: 'Promotion' } },
  },
]
