// Quick phrases' enums in Chinese.
import type { Labels } from '@/kit/labels'

export const SCOPE: Labels = { team: '团队短语', personal: '个人短语' }
