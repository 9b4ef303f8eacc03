// Quality inspection in Chinese: every rule of shared/spec/qc-rules.md by its name (a person
// never reads "T05_…"), severities, why a session is queued, review states and verdicts.
import type { Labels } from '@/kit/labels'
import type { TranscriptNote } from '@/kit/transcript'

export const QC_RULE: Labels = {
  T01_ni_not_nin: '称呼买家用“您”',
  T02_qin_overuse: '“亲”不过度使用',
  T03_blunt_refusal: '拒绝前先致歉',
  T04_rhetorical_question: '不反问买家',
  T05_negative_interjection: '不用消极语气词',
  T06_harsh_punctuation: '不对买家用省略号和感叹号',
  T07_vague_answer: '不含糊其辞',
  T08_rude_language: '不用粗鲁或辱骂的词',
  T09_overpromise: '不做空头承诺',
  T10_bare_thanks: '感谢说“谢谢您”',
  T11_leak_contact: '不泄露站外联系方式',
  S01_first_response: '首次响应及时',
  S02_reply_time: '每条消息及时回复',
  S03_wait_notice: '久等先告知并致歉',
  S04_unanswered: '不留未回复的买家',
  S05_address_check: '付款后核对地址',
  S06_unauthorised_transfer: '转接须有原因',
}

export const SEVERITY: Labels = { high: '严重', medium: '一般', low: '轻微' }
export const SEVERITY_TAG: Record<string, 'danger' | 'warning' | 'info'> = { high: 'danger', medium: 'warning', low: 'info' }

export const REASON: Labels = { flagged: '低于80分', sample: '随机抽检' }
export const REVIEW_STATE: Labels = { pending: '待复核', done: '已复核' }
export const VERDICT: Labels = { confirmed: '确认', dismissed: '驳回' }

/** The 50/30/20 sheet of service-standard.md. */
export const SHEET_PARTS = [
  { key: 'quantified', label: '量化指标', weight: 0.5 },
  { key: 'quality', label: '工作质量', weight: 0.3 },
  { key: 'skills', label: '技能', weight: 0.2 },
] as const

export interface FindingLike {
  id: number | null
  rule: string
  excerpt: string
  severity: string
  message_id: string | null
  verdict?: string | null
}

/** Findings as notes under the messages they are about (session rules have no message). */
export function findingNotes(findings: FindingLike[]): Record<string, TranscriptNote[]> {
  const notes: Record<string, TranscriptNote[]> = {}
  findings.forEach((finding, index) => {
    if (!finding.message_id) return
    const list = (notes[finding.message_id] ??= [])
    list.push({
      key: finding.id ?? `n${index}`,
      title: QC_RULE[finding.rule] ?? `未知(${finding.rule})`,
      text: finding.verdict === 'dismissed' ? '已驳回' : finding.excerpt,
      type: finding.verdict === 'dismissed' ? 'info' : (SEVERITY_TAG[finding.severity] ?? 'warning'),
    })
  })
  return notes
}
