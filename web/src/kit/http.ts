// Every call to Kefu's JSON API goes through here: the CSRF token on writes, errors as
// ApiError with the server's Chinese reason, and an expired login sent back to the login page.

export interface Paged<T> {
  items: T[]
  total: number
  page: number
  page_size: number
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly reason: string,
  ) {
    super(reason)
  }
}

type Query = Record<string, string | number | boolean | string[] | null | undefined>

let csrfToken = ''
let onExpired: () => void = () => {}

export function setCsrfToken(token: string): void {
  csrfToken = token
}

export function onLoginExpired(handler: () => void): void {
  onExpired = handler
}

export function withQuery(path: string, query?: Query): string {
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue
    for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one))
  }
  const text = params.toString()
  return text ? `${path}?${text}` : path
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' }
  let payload: BodyInit | undefined
  if (body instanceof FormData || typeof body === 'string') {
    payload = body
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json'
    payload = JSON.stringify(body)
  }
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken
  const response = await fetch(withQuery(path, query), {
    method,
    headers,
    body: payload,
    credentials: 'same-origin',
  })
  if (response.status === 204) return undefined as T
  const data = response.headers.get('content-type')?.includes('json') ? await response.json() : null
  if (!response.ok) {
    if (response.status === 401 && !path.endsWith('/auth/login')) onExpired()
    throw new ApiError(response.status, data?.code ?? 'http_error', data?.reason ?? `请求失败（${response.status}）`)
  }
  return data as T
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body ?? {}),
  patch: <T>(path: string, body?: unknown) => request<T>('PATCH', path, body ?? {}),
  delete: <T>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, body: FormData | string) => request<T>('POST', path, body),
}
