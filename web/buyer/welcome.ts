// Before the first message: the shop's hours and when a reply comes; when nobody is there,
// that a 留言 will be answered and by when.

import type { ShopInfo } from './api'
import { $, clock, show } from './dom'

export function paintWelcome(shop: ShopInfo, aboutProduct: boolean): void {
  $('welcome-shop').textContent = shop.shop_name
  const state = $('welcome-state')
  state.textContent = shop.open_now ? '客服在线' : shop.in_working_hours ? '客服暂时不在线' : '休息中'
  state.classList.toggle('off', !shop.open_now)
  $('hours').textContent = shop.hours_text.startsWith('全天') ? shop.hours_text : `每天 ${shop.hours_text}`
  $('reply').textContent = shop.reply_expectation
  const note = $('closed-note')
  if (!shop.in_working_hours) {
    const opens = shop.next_open_at ? `，${clock(shop.next_open_at, shop.timezone)} 开始营业` : ''
    note.textContent = `现在是休息时间${opens}。您可以直接留言，我们上班后按时回复。`
  } else if (!shop.open_now) {
    note.textContent = '客服暂时不在线，您可以直接留言，我们会按时回复。'
  }
  show(note, !shop.open_now)
  $('ask').textContent = aboutProduct
    ? '想了解这件商品？直接发送您的问题，客服会看到您正在浏览的商品。'
    : '请直接输入您的问题，例如：“这件有 L 码吗？”“什么时候发货？”'
}
