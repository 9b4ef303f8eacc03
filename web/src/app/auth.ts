// Who is logged in: the agent, her role and the CSRF token the API wants on every write.
import { defineStore } from 'pinia'
import { api, setCsrfToken } from '@/kit/http'
import { setShopZone } from '@/kit/format'

export type Role =
  | 'presale' | 'aftersale' | 'order_review' | 'refund_review' | 'qc' | 'hotline' | 'supervisor'
  | 'team_lead' | 'presale_lead' | 'aftersale_lead' | 'qc_lead' | 'hotline_lead'

export interface Me {
  id: string
  name: string
  login: string | null
  role: Role
  role_label: string
  group_id: string | null
  group_name: string | null
  /** The groups a lead leads without being in them (empty for everyone else). */
  led_group_names: string[]
  status: string
  max_concurrent: number
  csrf_token: string
  shop_name: string
  shop_timezone: string
}

export const useAuth = defineStore('auth', {
  state: () => ({ me: null as Me | null, checked: false }),
  getters: {
    role: (state): Role | null => state.me?.role ?? null,
  },
  actions: {
    remember(me: Me | null) {
      this.me = me
      this.checked = true
      if (me) {
        setCsrfToken(me.csrf_token)
        setShopZone(me.shop_timezone)
      }
    },
    /** Asks the server once per page load whether the browser's login is still valid. */
    async load(): Promise<Me | null> {
      if (this.checked) return this.me
      try {
        this.remember(await api.get<Me>('/api/v1/auth/me'))
      } catch {
        this.remember(null)
      }
      return this.me
    },
    async logIn(login: string, password: string) {
      await api.post('/api/v1/auth/login', { login, password })
      this.checked = false
      await this.load()
    },
    async logOut() {
      try {
        await api.post('/api/v1/auth/logout')
      } finally {
        this.me = null
        this.checked = true
      }
    },
    async setStatus(status: string) {
      const result = await api.put<{ status: string }>('/api/v1/chat/status', { status })
      if (this.me) this.me.status = result?.status ?? status
    },
  },
})
