// The buyer's chat page (/chat). Plain TypeScript, no framework: it loads on phones and in the
// shop's own pages. The socket protocol is docs/protocol.md: every send carries a client id and
// is resent after a reconnect until acknowledged; a resume asks for exactly what was missed;
// every message is shown once.

import './buyer.css'
import { ApiError, buyerToken, claimViews, shopInfo, uploadImage } from './api'
import type { Message, Session, ShopInfo } from './api'
import { Composer } from './composer'
import { $, clientId, show } from './dom'
import { paintHeader, queueText, serving } from './header'
import { Outside } from './outside'
import { Rating } from './rating'
import { BuyerSocket, type Frame } from './socket'
import { Thread } from './thread'
import { paintWelcome } from './welcome'

const params = new URLSearchParams(location.search)
const product = params.get('product')?.trim().slice(0, 64) || null

let shop: ShopInfo | null = null
let token = ''
let socket: BuyerSocket | null = null
let current: Session | null = null
let loaded = false // the first history has arrived: later messages are news
const ended = new Set<string>()
const synced = new Set<string>() // sessions this connection has resumed or sent in
const lastSeen = new Map<string, { seq: number; id: string }>()
const unacked = new Map<string, { frame: Frame; text: string }>()

const outside = new Outside()
const list = $<HTMLOListElement>('messages')
const thread = new Thread(list, $('scroller'), () => shop?.timezone || 'Asia/Shanghai', () => token, view)
const rating = new Rating(list, (sessionId, score, comment) =>
  Boolean(socket?.send({ type: 'rate', session_id: sessionId, score, comment })),
)
const composer = new Composer({
  send(text) {
    const key = clientId()
    const frame: Frame = { type: 'send', client_id: key, text }
    if (product) frame.product_id = product
    unacked.set(key, { frame, text })
    thread.addPending(key, text)
    paint()
    socket?.send(frame)
  },
  typing() {
    if (current && current.status !== 'closed') {
      socket?.send({ type: 'typing', session_id: current.id })
    }
  },
  image: (file) => void sendImage(file),
})

function paint(): void {
  const live = current && current.status !== 'closed'
  paintHeader(serving(current, shop), live ? current!.product_title : null)
  show($('end'), Boolean(live))
  show($('welcome'), Boolean(shop && loaded && !current && thread.empty))
}

function onSession(next: Session): void {
  if (ended.has(next.id) && next.status !== 'closed') return // late news of an ended chat
  if (current && next.id !== current.id) {
    if (current.status !== 'closed') thread.divider(current.id)
    rating.withdraw() // a new chat: a fresh start under the divider
    setTyping(false)
  }
  current = next
  if (next.status === 'closed') {
    ended.add(next.id)
    thread.divider(next.id)
    rating.offer(next.id)
    setTyping(false)
  }
  thread.queueNotice(next.status === 'queued' ? queueText(next.queue_position) : null)
  if (!synced.has(next.id) && next.status !== 'closed') resume(next.id)
  paint()
}

function onMessage(message: Message): void {
  if (!current || (message.session_id !== current.id && current.status === 'closed')) {
    // the first message of a new chat; its session frame follows with who serves it
    onSession(blankSession(message.session_id))
  }
  if (message.client_id) unacked.delete(message.client_id)
  if (!thread.add(message)) return
  const seen = lastSeen.get(message.session_id)
  if (message.seq !== null && (!seen || message.seq > seen.seq)) {
    lastSeen.set(message.session_id, { seq: message.seq, id: message.id })
  }
  if (message.from === 'agent') setTyping(false)
  if (loaded && message.from !== 'buyer') outside.incoming()
  paint()
}

function resume(sessionId: string | null): void {
  if (sessionId) synced.add(sessionId)
  const last = sessionId ? lastSeen.get(sessionId)?.id : undefined
  socket?.send({ type: 'resume', session_id: sessionId, last_seen_id: last ?? null })
}

function onFrame(frame: Frame): void {
  switch (frame.type) {
    case 'welcome': {
      synced.clear()
      const session = frame.session as Session | null
      if (session) {
        onSession(session) // and resumes it
      } else {
        // no live chat: the one on screen ended while we were away (or there was none)
        if (current && current.status !== 'closed') onSession({ ...current, status: 'closed' })
        resume(current?.id ?? null)
      }
      for (const { frame: send } of unacked.values()) socket?.send(send)
      paint()
      break
    }
    case 'history':
      ;(frame.messages as Message[]).forEach(onMessage)
      loaded = true
      paint()
      break
    case 'ack':
      synced.add((frame.message as Message).session_id)
      onMessage(frame.message as Message)
      break
    case 'message':
      onMessage(frame.message as Message)
      break
    case 'session':
      onSession(frame.session as Session)
      break
    case 'typing':
      if (frame.from === 'agent' && frame.session_id === current?.id) setTyping(true)
      break
    case 'rated':
      rating.rated(String(frame.session_id))
      break
    case 'error':
      refused(frame)
      break
  }
}

/** A send the server refused keeps its text: back into the box, with the Chinese reason. */
function refused(frame: Frame): void {
  const reason = String(frame.reason || '操作失败，请稍后重试')
  const key = typeof frame.client_id === 'string' ? frame.client_id : ''
  const waiting = unacked.get(key)
  if (waiting) {
    unacked.delete(key)
    thread.dropPending(key)
    composer.restore(waiting.text, reason)
  } else if (!rating.problem(reason)) {
    composer.error(reason)
  }
}

let typingTimer = 0
function setTyping(on: boolean): void {
  show($('typing'), on)
  window.clearTimeout(typingTimer)
  if (on) typingTimer = window.setTimeout(() => setTyping(false), 4000)
}

async function sendImage(file: File): Promise<void> {
  const key = clientId()
  thread.addPending(key, '图片发送中…')
  try {
    const message = await uploadImage(token, file)
    thread.dropPending(key)
    onMessage(message)
  } catch (error) {
    thread.dropPending(key)
    composer.error(error instanceof ApiError ? error.message : '图片发送失败，请重试')
  }
}

function blankSession(id: string): Session {
  return { id, status: 'open', agent_name: null, agent_role: null, queue_position: null, product_title: null }
}

function view(src: string): void {
  const viewer = $('viewer')
  viewer.querySelector('img')!.src = src
  show(viewer, true)
}

function wire(): void {
  $('viewer').addEventListener('click', () => show($('viewer'), false))
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') show($('viewer'), false)
  })
  const end = $<HTMLButtonElement>('end')
  let armed = 0
  end.addEventListener('click', () => {
    if (!current || current.status === 'closed') return
    if (!armed) {
      end.textContent = '确认结束？'
      armed = window.setTimeout(() => {
        armed = 0
        end.textContent = '结束咨询'
      }, 3000)
      return
    }
    window.clearTimeout(armed)
    armed = 0
    end.textContent = '结束咨询'
    socket?.send({ type: 'close', session_id: current.id })
  })
  $('invoice').addEventListener('click', async () => {
    if (!token) return
    const { openInvoice } = await import('./invoice') // its own small chunk
    openInvoice($('invoice-panel'), token)
  })
  const hide = $('hide')
  show(hide, outside.embedded)
  hide.addEventListener('click', () => outside.close())
  document.body.classList.toggle('embedded', outside.embedded)
}

async function start(): Promise<void> {
  wire()
  paint()
  const info = shopInfo().then((answer) => {
    shop = answer
    composer.setLimits(answer.max_text_length, answer.max_image_bytes)
    outside.title(`${answer.shop_name} · 在线客服`)
    paintWelcome(answer, product !== null)
    paint()
  })
  info.catch(() => composer.error('暂时无法获取店铺信息，请稍后刷新'))
  try {
    token = await buyerToken(params)
    const viewer = params.get('viewer')
    if (viewer) claimViews(token, viewer).catch(() => {}) // 浏览足迹 only: never in the buyer's way
  } catch (error) {
    $('status').textContent = error instanceof ApiError ? error.message : '连接失败，请刷新重试'
    return
  }
  socket = new BuyerSocket(token, {
    onFrame,
    onDown() {
      $('status').textContent = '网络连接断开，正在重新连接…'
    },
    async onRefused() {
      token = await buyerToken(params, true)
      return token
    },
  })
}

void start()
