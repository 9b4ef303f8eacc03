// Where each setting sits on the page: sections a supervisor looks for, in the order of a
// working day. A setting the server adds later and no section names lands in 其他.

export interface Section {
  id: string
  title: string
  keys: string[]
}

export const SECTIONS: Section[] = [
  {
    id: 'hours',
    title: '接待与工作时间',
    keys: ['working_hours', 'holidays', 'offline_reply_by', 'offline_reply_within_minutes', 'assign_timeout_s', 'presence_grace_s'],
  },
  { id: 'replies', title: '自动回复', keys: ['greeting', 'offline_reply', 'agent_intro'] },
  { id: 'routing', title: '分流', keys: ['presale_group', 'aftersale_group', 'aftersale_words', 'rota_routing'] },
  { id: 'bot', title: '机器人', keys: ['bot_enabled', 'bot_handoff_below', 'bot_anger_above'] },
  {
    id: 'surge',
    title: '大促模式',
    keys: ['surge_mode', 'surge_handoff_below', 'surge_max_concurrent', 'surge_overflow_group', 'surge_refresh_seconds'],
  },
  { id: 'qc', title: '质检', keys: ['qc_sample_rate', 'qc_rules'] },
  {
    id: 'orders',
    title: '订单与售后',
    keys: [
      'shipping_cutoff', 'campaign_mode', 'couriers', 'courier_excluded', 'delivery_days', 'cod_fee', 'invoice_rules',
      'return_days', 'price_protection_days', 'refund_review_limit', 'refund_step_hours',
    ],
  },
  { id: 'care', title: '客户、关怀与反馈', keys: ['merge_undo_days', 'care_limit_count', 'care_limit_days', 'care_quiet_hours', 'feedback_emails'] },
]

export const OTHER: Section = { id: 'other', title: '其他', keys: [] }

/** The whole day, as the server spells it: only working hours (and a holiday's) may be it. */
export const WHOLE_DAY = '00:00-24:00'
export const FULL_DAY_KEYS = new Set(['working_hours'])

/** Column titles of the key → list settings. */
export const MAP_HEADINGS: Record<string, [string, string]> = {
  courier_excluded: ['快递', '不派送的地区'],
  feedback_emails: ['反馈类别', '周报收件邮箱'],
}

/** Kinds whose input is a table or a list of tags: it gets the setting's whole width. */
export const WIDE_KINDS = new Set(['dates', 'map', 'durations', 'qc_rules', 'words'])
