// 发票: the queue 审单 works (issue, send, post); agents take requests on the order page.
import type { DomainRoutes } from '@/app/routes'
import { AFTERSALE_DESK } from '@/app/routes'
import type { Role } from '@/app/auth'

const INVOICE_ROLES: Role[] = ['order_review', ...AFTERSALE_DESK, 'supervisor']

export const routes: DomainRoutes = [
  {
    path: '/invoices',
    component: () => import('./InvoiceQueue.vue'),
    meta: { title: '发票', roles: INVOICE_ROLES, nav: { group: '订单', order: 5, icon: 'Document' } },
  },
]
