// The buyer's side of Kefu's HTTP API: the buyer token, the shop's hours, images.
// Every failure becomes a Chinese sentence (the server's `reason` when it gave one).

export interface ShopInfo {
  shop_name: string
  open_now: boolean
  in_working_hours: boolean
  hours_text: string
  next_open_at: string | null
  reply_expectation: string
  max_text_length: number
  max_image_bytes: number
  timezone: string
}

export interface Session {
  id: string
  status: string // open, bot, queued, assigned, offline, closed
  agent_name: string | null
  agent_role: string | null
  queue_position: number | null
  product_title: string | null
}

export interface Message {
  id: string
  session_id: string
  seq: number | null
  at: string
  from: 'buyer' | 'agent' | 'bot' | 'system'
  agent_name: string | null
  text: string
  kind: string
  attachment_url: string | null
  client_id: string | null
  card?: { title: string; price?: string | null; image?: string | null; link?: string | null } | null
}

export class ApiError extends Error {}

const TOKEN_KEY = 'kefu_buyer_token'
let memoryToken: string | null = null

// Storage may be refused in a third-party frame; the chat then lasts as long as the page.
function stored(): string | null {
  try {
    return localStorage.getItem(TOKEN_KEY)
  } catch {
    return memoryToken
  }
}

function store(token: string | null): void {
  memoryToken = token
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token)
    else localStorage.removeItem(TOKEN_KEY)
  } catch {
    // kept in memory only
  }
}

export async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, init)
  } catch {
    throw new ApiError('网络连接失败，请检查网络后重试')
  }
  if (response.status === 204) return undefined as T
  const body = await response.json().catch(() => null)
  if (!response.ok) {
    throw new ApiError(body?.reason || `请求失败（${response.status}），请稍后重试`)
  }
  return body as T
}

const post = <T>(path: string, body?: unknown) =>
  call<T>(path, {
    method: 'POST',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

export const shopInfo = () => call<ShopInfo>('/api/v1/chat/shop-info')

/** The shop vouches for its logged-in customer (data-customer-id, -expires, -sig); else the
 * token kept from an earlier visit (unless the server refused it: `fresh`); else a new
 * anonymous visitor. */
export async function buyerToken(params: URLSearchParams, fresh = false): Promise<string> {
  const customerId = params.get('customer_id')
  const sig = params.get('sig')
  if (customerId && sig) {
    try {
      const body = { customer_id: customerId, expires: Number(params.get('expires')), sig }
      const { token } = await post<{ token: string }>('/api/v1/chat/identify', body)
      store(token)
      return token
    } catch {
      // an expired signature: go on as the buyer this browser already is
    }
  }
  const kept = fresh ? null : stored()
  if (kept) return kept
  const { token } = await post<{ token: string }>('/api/v1/chat/visitor')
  store(token)
  return token
}

/** The pages the widget saw under its viewer id (``?viewer=``) are this buyer's. */
export function claimViews(token: string, viewer: string): Promise<void> {
  return call<void>('/api/v1/page-views/claim', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ viewer }),
  })
}

export function uploadImage(token: string, file: File): Promise<Message> {
  const form = new FormData()
  form.append('file', file)
  return call<Message>('/api/v1/chat/my-images', {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: form,
  })
}
