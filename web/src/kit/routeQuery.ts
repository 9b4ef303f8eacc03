// A list's filters kept in the address (?tab=approved&kind=return): going back from a detail
// page, reloading or sharing the link shows the same view. Values are strings; a value equal to
// its default is left out of the address.
import { computed, reactive, watch, type WritableComputedRef } from 'vue'
import { useRoute, useRouter } from 'vue-router'

export function useRouteQuery<T extends Record<string, string>>(defaults: T): T {
  const route = useRoute()
  const router = useRouter()
  const state = reactive({ ...defaults }) as T
  for (const key of Object.keys(defaults) as (keyof T)[]) {
    const value = route.query[key as string]
    if (typeof value === 'string') state[key] = value as T[keyof T]
  }
  watch(
    () => ({ ...state }),
    (value) => {
      const query: Record<string, string> = {}
      for (const [key, text] of Object.entries(value)) if (text !== defaults[key]) query[key] = text
      void router.replace({ query })
    },
  )
  return state
}

/** A yes/no filter of such a state as a checkbox's model ('1' in the address, or absent). */
export function flag<T extends Record<string, string>>(state: T, key: keyof T): WritableComputedRef<boolean> {
  return computed({
    get: () => !!state[key],
    set: (on: boolean) => {
      state[key] = (on ? '1' : '') as T[keyof T]
    },
  })
}
