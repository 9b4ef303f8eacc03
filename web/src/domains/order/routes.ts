import type { RouteRecordRaw } from 'vue-router'
import { SERVICE_ROLES } from '@/app/routes'
import type { Role } from '@/app/auth'

/** Who reviews and ships paid orders (the back end's review.REVIEW_ROLES). */
export const REVIEW_ROLES: Role[] = ['order_review', 'supervisor']
/** Everyone who may open an order (SERVICE_ROLES on the API). */
const ORDER_ROLES: Role[] = [...SERVICE_ROLES]

export const routes: RouteRecordRaw[] = [
  {
    path: '/orders',
    component: () => import('./OrderList.vue'),
    meta: { title: '订单', roles: ORDER_ROLES, nav: { group: '订单', order: 1, icon: 'ShoppingCart' } },
  },
  {
    path: '/orders/:id',
    component: () => import('./OrderDetail.vue'),
    props: true,
    meta: { title: '订单详情', roles: ORDER_ROLES },
  },
  {
    path: '/order-review/print',
    component: () => import('./PrintSheet.vue'),
    meta: { title: '打印拣货单/面单', roles: REVIEW_ROLES },
  },
  {
    path: '/order-review',
    component: () => import('./OrderReview.vue'),
    meta: { title: '审单', roles: REVIEW_ROLES, nav: { group: '订单', order: 2, icon: 'Checked' } },
  },
]
