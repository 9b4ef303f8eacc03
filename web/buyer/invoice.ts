// 申请发票: a small form the chat page loads only when the buyer opens it (its own chunk, so
// the chat page and widget.js stay small). It posts to the buyer API (/api/v1/my/invoices)
// and lists the buyer's requests with their state; the server checks title and tax id.

import { ApiError, call } from './api'
import { el, show } from './dom'

interface MyInvoice {
  id: string
  order_id: string
  title: string
  number: string | null
  status_label: string
}

function field(label: string, input: HTMLElement): HTMLLabelElement {
  const row = el('label', 'invoice-field', label)
  row.append(input)
  return row
}

function input(name: string, placeholder: string, type = 'text'): HTMLInputElement {
  const box = el('input')
  Object.assign(box, { name, placeholder, type, maxLength: name === 'tax_id' ? 32 : 128 })
  return box
}

function choice(name: string, options: [string, string][]): HTMLSelectElement {
  const select = el('select')
  select.name = name
  for (const [value, text] of options) select.append(new Option(text, value))
  return select
}

/** Opens the form in ``host`` (once); ``token`` is the buyer's chat token. */
export function openInvoice(host: HTMLElement, token: string): void {
  if (host.childElementCount) return show(host, host.hidden)
  const auth = { Authorization: `Bearer ${token}` }
  const form = el('form', 'invoice-form')
  form.id = 'invoice-form'
  const titleType = choice('title_type', [['personal', '个人'], ['company', '企业']])
  const taxId = input('tax_id', '纳税人识别号（企业必填）')
  const delivery = choice('delivery', [['email', '电子发票（邮箱）'], ['post', '纸质发票（邮寄）']])
  const email = input('email', '接收发票的邮箱', 'email')
  const address = input('post_address', '收件地址、收件人、电话')
  const taxRow = field('税号', taxId)
  const emailRow = field('邮箱', email)
  const addressRow = field('邮寄地址', address)
  const problem = el('p', 'send-error')
  problem.setAttribute('role', 'alert')
  const say = (text: string) => {
    problem.textContent = text
    show(problem, Boolean(text))
  }
  const mine = el('ul', 'invoice-mine')
  const submit = el('button', 'primary', '提交申请')
  submit.type = 'submit'
  const close = el('button', 'head-button', '收起')
  close.type = 'button'
  const buttons = el('div', 'invoice-buttons')
  buttons.append(close, submit)
  form.append(
    el('h2', '', '申请发票'),
    field('订单号', input('order_id', '请输入订单号')),
    field('抬头类型', titleType),
    field('发票抬头', input('title', '个人姓名或公司全称')),
    taxRow,
    field('开票方式', delivery),
    emailRow,
    addressRow,
    problem,
    buttons,
    mine,
  )
  const sync = () => {
    show(taxRow, titleType.value === 'company')
    show(emailRow, delivery.value === 'email')
    show(addressRow, delivery.value === 'post')
  }
  const list = async () => {
    const rows = await call<MyInvoice[]>('/api/v1/my/invoices', { headers: auth }).catch(() => [])
    mine.replaceChildren(
      ...rows.map((row) =>
        el('li', '', `订单 ${row.order_id} · ${row.title} · ${row.status_label}${row.number ? ` · ${row.number}` : ''}`),
      ),
    )
  }
  titleType.addEventListener('change', sync)
  delivery.addEventListener('change', sync)
  close.addEventListener('click', () => show(host, false))
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    const body: Record<string, string | null> = {}
    new FormData(form).forEach((value, key) => (body[key] = String(value).trim() || null))
    if (!body.order_id || !body.title) return say('请填写订单号和发票抬头')
    if (body.title_type !== 'company') body.tax_id = null
    submit.disabled = true
    try {
      await call('/api/v1/my/invoices', {
        method: 'POST',
        headers: { ...auth, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
      })
      say('')
      form.reset()
      sync()
      await list()
    } catch (error) {
      say(error instanceof ApiError ? error.message : '提交失败，请稍后再试')
    } finally {
      submit.disabled = false
    }
  })
  say('')
  sync()
  host.append(form)
  show(host, true)
  void list()
}
