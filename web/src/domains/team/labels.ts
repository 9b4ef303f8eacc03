// The team domain's enums in Chinese: roles and presence come from the shell's tables (one
// wording everywhere), the account state is this domain's own.
import { AGENT_STATUS, ROLE, type Labels } from '@/kit/labels'

export { AGENT_STATUS, ROLE }

export const ACCOUNT: Labels = { active: '在职', disabled: '已停用', locked: '登录已锁定' }

export const STATUS_COLOR: Record<string, string> = {
  online: '#67c23a',
  busy: '#e6a23c',
  away: '#909399',
  offline: '#c0c4cc',
}
