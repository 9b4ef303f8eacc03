// The handovers waiting for this agent's acknowledgement: one shared list, so the banner in
// the shell and the 交接班 page agree the moment one is acknowledged.
import { reactive } from 'vue'
import { shiftApi, type Handover } from './api'

const state = reactive({
  pending: [] as Handover[],
  async refresh(): Promise<void> {
    state.pending = (await shiftApi.pending()).items
  },
})

export function useHandoverBadge() {
  return state
}
