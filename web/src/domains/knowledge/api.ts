// Quick phrases (/api/v1/quick-phrases*): the paged list of the phrases page, its options,
// saving, CSV.
import { api, type Paged } from '@/kit/http'
import type { ListQuery } from '@/kit/ListPage.vue'

export interface Phrase {
  id: string
  shortcut: string | null
  text: string
  group: string | null
  scope: 'team' | 'personal'
  campaign: boolean
  variables: string[]
  editable: boolean
}

export interface PhraseIn {
  text: string
  shortcut: string | null
  group: string | null
  team: boolean
  campaign: boolean
}

export interface PhraseOptions {
  groups: string[]
  variables: string[]
  may_edit_team: boolean
}

export const PHRASES_CSV = '/api/v1/quick-phrases.csv'

export const phraseApi = {
  list: (query: ListQuery) => api.get<Paged<Phrase>>('/api/v1/quick-phrases/list', query),
  options: () => api.get<PhraseOptions>('/api/v1/quick-phrases/options'),
  add: (body: PhraseIn) => api.post<Phrase>('/api/v1/quick-phrases', body),
  update: (id: string, body: PhraseIn) => api.put<Phrase>(`/api/v1/quick-phrases/${encodeURIComponent(id)}`, body),
  remove: (id: string) => api.delete<void>(`/api/v1/quick-phrases/${encodeURIComponent(id)}`),
  importCsv: (file: File) => {
    const form = new FormData()
    form.append('file', file)
    return api.upload<{ imported: number }>('/api/v1/quick-phrases/import', form)
  },
}
