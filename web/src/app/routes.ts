// Route meta shared by every domain: who may open a page, and where it sits in the sidebar.
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from './auth'

/** Leads manage their own groups' people (组长, 售前/售后/质检/热线主管); the supervisor everyone. */
export const LEAD_ROLES: Role[] = ['team_lead', 'presale_lead', 'aftersale_lead', 'qc_lead', 'hotline_lead']
export const MANAGER_ROLES: Role[] = ['supervisor', ...LEAD_ROLES]
export const EVERY_ROLE: Role[] = [
  'presale', 'aftersale', 'order_review', 'refund_review', 'qc', 'hotline', 'supervisor', ...LEAD_ROLES,
]
/** The desks a lead works beside managing her people (the back end's *_DESK). */
export const AFTERSALE_DESK: Role[] = ['aftersale', 'aftersale_lead']
export const QC_DESK: Role[] = ['qc', 'qc_lead']
export const HOTLINE_DESK: Role[] = ['hotline', 'hotline_lead']
export const PRESALE_DESK: Role[] = ['presale', 'presale_lead']
/** The roles that serve buyers and see customers and orders (the back end's SERVICE_ROLES). */
export const SERVICE_ROLES: Role[] = [
  'presale', 'aftersale', 'hotline', 'supervisor', 'order_review', 'refund_review',
  'team_lead', 'presale_lead', 'aftersale_lead', 'hotline_lead',
]

export type NavGroup = '接待' | '热线' | '客户' | '订单' | '售后' | '工作' | '质检' | '数据' | '管理'
export const NAV_GROUPS: NavGroup[] = ['接待', '热线', '客户', '订单', '售后', '工作', '质检', '数据', '管理']

declare module 'vue-router' {
  interface RouteMeta {
    /** The page title (also the browser tab's). */
    title?: string
    /** Who may open it; absent on public pages (login, errors). */
    roles?: Role[]
    /** Shown in the sidebar under this group, in this order. */
    nav?: { group: NavGroup; order: number; icon: string }
    public?: boolean
  }
}

export type DomainRoutes = RouteRecordRaw[]
