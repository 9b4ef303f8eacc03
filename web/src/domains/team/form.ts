// The checks the server makes on an account, said in Chinese before anything is sent (the
// server's own 422 would name fields in English).
import type { FormRules } from 'element-plus'
import type { Role } from '@/app/auth'

/** What the new-account form and the edit drawer have in common. */
export interface AgentFieldsModel {
  name: string
  role: Role | ''
  group_id: string | null
  max_concurrent: number
}

export const LOGIN_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.@-]*$/

export const AGENT_RULES: FormRules = {
  name: [
    { required: true, message: '请填写姓名', trigger: 'blur' },
    { max: 32, message: '姓名最多 32 个字', trigger: 'blur' },
  ],
  role: [{ required: true, message: '请选择角色', trigger: 'change' }],
}

export const NEW_AGENT_RULES: FormRules = {
  ...AGENT_RULES,
  login: [
    { required: true, message: '请填写登录名', trigger: 'blur' },
    { min: 2, max: 64, message: '登录名 2–64 个字符', trigger: 'blur' },
    { pattern: LOGIN_PATTERN, message: '登录名只用字母、数字和 _ . @ -，以字母或数字开头', trigger: 'blur' },
  ],
  password: [{ min: 8, max: 256, message: '密码至少 8 位', trigger: 'blur' }],
}

export const PASSWORD_RULES: FormRules = {
  password: [{ min: 8, max: 256, message: '密码至少 8 位', trigger: 'blur' }],
}

export const GROUP_RULES: FormRules = {
  name: [
    { required: true, whitespace: true, message: '请填写分组名称', trigger: 'blur' },
    { max: 32, message: '分组名称最多 32 个字', trigger: 'blur' },
  ],
}
