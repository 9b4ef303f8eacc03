// "返回列表" from a case: back through the browser's history when the person came from the
// list (so its tab, filters and page are as she left them), else to the list itself.
import { useRouter } from 'vue-router'

export function useBackTo(list: string): () => void {
  const router = useRouter()
  return () => {
    const back = (window.history.state as { back?: string } | null)?.back
    if (back && (back === list || back.startsWith(`${list}?`))) router.back()
    else void router.push(list)
  }
}
