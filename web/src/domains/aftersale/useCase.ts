// One after-sales case on its detail page: loaded by the route's id (again when the id changes),
// a load error shown in place of the page, and each action saved with a busy flag. A refused
// action hands back the server's reason so the form that asked keeps what was typed; a 409 means
// the case moved on under the agent, so it is loaded afresh to show what is allowed now.
import { ref, watch, type Ref } from 'vue'
import { useRoute } from 'vue-router'
import { ElMessage } from 'element-plus'
import { ApiError } from '@/kit/http'
import { label } from '@/kit/labels'
import type { CaseNote } from './api'
import type { TimelineEntry } from './NotesTimeline.vue'
import { CHANNEL, NOTE_KIND } from './labels'
import { useBackTo } from './useBack'

export function useCase<T>(list: string, fetch: (id: string) => Promise<T>) {
  const route = useRoute()
  const item = ref(null) as Ref<T | null>
  const error = ref('')
  const busy = ref(false)

  async function load() {
    error.value = ''
    try {
      item.value = await fetch(String(route.params.id))
    } catch (exc) {
      error.value = exc instanceof ApiError ? exc.reason : '加载失败，请稍后重试'
    }
  }
  watch(() => route.params.id, load, { immediate: true })

  /** Saves and shows ``done`` (text or made from the saved case); returns the refusal's reason,
   * or null when it was saved. */
  async function save(what: () => Promise<T>, done: string | ((saved: T) => string)): Promise<string | null> {
    busy.value = true
    try {
      const saved = await what()
      item.value = saved
      ElMessage.success(typeof done === 'string' ? done : done(saved))
      return null
    } catch (exc) {
      if (exc instanceof ApiError && exc.status === 409) void load()
      return exc instanceof ApiError ? exc.reason : '保存失败，请稍后重试'
    } finally {
      busy.value = false
    }
  }

  return { item, error, busy, load, save, back: useBackTo(list) }
}

/** A complaint's or review's notes as timeline entries: "跟进（电话）" with who wrote it. */
export function noteEntries(
  notes: CaseNote[],
  types: Record<string, TimelineEntry['type']>,
  fallback: TimelineEntry['type'] = 'primary',
): TimelineEntry[] {
  return notes.map((n) => ({
    at: n.at,
    who: n.author_name,
    title: n.channel ? `${label(NOTE_KIND, n.kind)}（${label(CHANNEL, n.channel)}）` : label(NOTE_KIND, n.kind),
    text: n.text,
    type: types[n.kind] ?? fallback,
  }))
}
