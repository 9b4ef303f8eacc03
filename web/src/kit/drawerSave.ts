// Saving a "new …" drawer form: the button's busy state, a refusal kept beside the form (what
// was typed stays), and on success a toast, a blank form, the drawer closed and the caller told.
import { ref, type Ref } from 'vue'
import { ElMessage } from 'element-plus'
import { ApiError } from './http'

export function useDrawerSave(visible: Ref<boolean>, reset: () => void) {
  const saving = ref(false)
  const error = ref('')

  async function run<T>(send: () => Promise<T>, done: string, created: (value: T) => void): Promise<void> {
    error.value = ''
    saving.value = true
    try {
      const value = await send()
      ElMessage.success(done)
      reset()
      visible.value = false
      created(value)
    } catch (exc) {
      error.value = exc instanceof ApiError ? exc.reason : '创建失败，请稍后重试'
    } finally {
      saving.value = false
    }
  }

  return { saving, error, run }
}
