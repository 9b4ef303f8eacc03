// Every domain's pages, one file per domain like the back end's packages.
import type { RouteRecordRaw } from 'vue-router'

const modules = import.meta.glob<{ routes: RouteRecordRaw[] }>('./*/routes.ts', { eager: true })

export const domainRoutes: RouteRecordRaw[] = Object.values(modules).flatMap((module) => module.routes)
