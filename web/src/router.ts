import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router'
import { useAuth } from '@/app/auth'
import { navFor } from '@/app/nav'
import { domainRoutes } from '@/domains'

const pages: RouteRecordRaw[] = [
  ...domainRoutes,
  { path: '/', name: 'home', component: () => import('@/app/ErrorView.vue'), props: { status: 404 }, meta: { title: '首页', roles: [] } },
  { path: '/403', name: 'forbidden', component: () => import('@/app/ErrorView.vue'), props: { status: 403 }, meta: { title: '无权访问', roles: [] } },
]

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('@/app/LoginView.vue'), meta: { title: '登录', public: true } },
  {
    path: '/',
    component: () => import('@/app/StaffLayout.vue'),
    children: pages,
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('@/app/ErrorView.vue'), props: { status: 404 }, meta: { title: '页面不存在', public: true } },
]

export const router = createRouter({ history: createWebHistory(), routes })

/** Pages a role may open, for the sidebar and the home page. */
export const pageRoutes = pages

router.beforeEach(async (to) => {
  if (to.meta.public) return true
  const auth = useAuth()
  const me = await auth.load()
  if (!me) return { name: 'login', query: { next: to.fullPath } }
  if (to.name === 'home') {
    const first = navFor(pages, me.role)[0]?.items[0]
    return first ? first.path : true
  }
  const roles = to.meta.roles
  if (roles && roles.length > 0 && !roles.includes(me.role)) {
    return { name: 'forbidden', query: { from: to.fullPath } }
  }
  return true
})

