// The header: who serves the buyer now (智能助手, 售前客服 小美…) and the chat's state in
// Chinese. A new chat after a closed one gets a fresh header, never "会话已结束".

import type { Session, ShopInfo } from './api'
import { $, show } from './dom'

export interface Serving {
  title: string
  role: string
  status: string
  avatar: string
}

/** The queue as the buyer reads it (position 1: next in line). */
export function queueText(position: number | null): string {
  const ahead = Math.max(0, (position ?? 1) - 1)
  return ahead > 0 ? `排队中，您前面还有 ${ahead} 位，请稍候` : '排队中，下一位就是您，请稍候'
}

/** What the header says for a session (or none yet). */
export function serving(session: Session | null, shop: ShopInfo | null): Serving {
  const shopName = shop?.shop_name || '在线客服'
  const plain = (status: string, title = shopName): Serving => ({
    title, role: '', status, avatar: '客',
  })
  if (!session) {
    if (!shop) return plain('连接中…')
    if (shop.open_now) return plain('客服在线')
    return plain(shop.in_working_hours ? '客服暂时不在线，可以留言' : '休息中，可以留言')
  }
  switch (session.status) {
    case 'bot':
      return { title: '智能助手', role: '', status: '智能助手为您服务，可随时转人工', avatar: '智' }
    case 'queued':
      return plain(queueText(session.queue_position), '人工客服')
    case 'assigned':
      return {
        title: session.agent_name || '客服',
        role: session.agent_role || '',
        status: '人工客服为您服务',
        avatar: (session.agent_name || '客').slice(0, 1),
      }
    case 'offline':
      return plain('客服不在线，已为您留言', '留言')
    case 'closed':
      return plain('会话已结束')
    default:
      return plain('正在为您接入客服…')
  }
}

export function paintHeader(view: Serving, product: string | null): void {
  $('serving').textContent = view.title
  const role = $('role')
  role.textContent = view.role
  show(role, Boolean(view.role))
  $('status').textContent = view.status
  $('avatar').textContent = view.avatar
  const bar = $('product')
  bar.textContent = product ? `正在咨询：${product}` : ''
  show(bar, Boolean(product))
}
