// The audit log's actions in Chinese (the server's audit/service.py ACTIONS, same wording).
import type { Labels } from '@/kit/labels'

export const ACTION: Labels = {
  export: '导出数据',
  setting_change: '修改设置',
  role_change: '修改角色',
  password_change: '修改密码',
  agent_disable: '停用账号',
  agent_enable: '启用账号',
  refund_decision: '退款审核',
  refund_assign: '指派处理人',
  task_assign: '指派任务',
  customer_merge: '合并客户',
  qc_review: '质检复核',
  login_throttled: '登录受限',
  login_locked: '登录锁定',
  login_unlocked: '解除锁定',
}

/** The names of the details' fields. */
export const DETAIL: Labels = {
  from: '原为',
  to: '改为',
  before: '修改前',
  after: '修改后',
  note: '备注',
  login: '登录名',
  retry_after: '需等待(秒)',
  locked: '已锁定',
  failures: '失败次数',
  until: '锁定至',
  merged: '并入的档案',
  moved: '迁移记录',
  total: '总分',
  generated: '随机密码',
  rows: '行数',
  by: '分组方式',
  start: '起',
  end: '止',
}
