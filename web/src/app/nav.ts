// The sidebar is made from the routes themselves: a page is in the menu of exactly the roles
// that may open it, so a menu can never offer a page that answers 403.
import type { RouteRecordRaw } from 'vue-router'
import type { Role } from './auth'
import { NAV_GROUPS, type NavGroup } from './routes'

export interface NavItem {
  path: string
  title: string
  icon: string
}

export interface NavSection {
  group: NavGroup
  items: NavItem[]
}

export function navFor(routes: readonly RouteRecordRaw[], role: Role): NavSection[] {
  const visible = routes.filter((route) => route.meta?.nav && route.meta.roles?.includes(role))
  return NAV_GROUPS.map((group) => ({
    group,
    items: visible
      .filter((route) => route.meta!.nav!.group === group)
      .sort((a, b) => a.meta!.nav!.order - b.meta!.nav!.order)
      .map((route) => ({ path: route.path, title: route.meta!.title ?? '', icon: route.meta!.nav!.icon })),
  })).filter((section) => section.items.length > 0)
}
