// A case's logged steps as timeline entries: "告知买家（在线消息）" with who wrote it.
import { label } from '@/kit/labels'
import type { TimelineEntry } from '@/domains/aftersale/NotesTimeline.vue'
import type { Note } from './api'
import { STEP_CHANNEL, STEP_KIND } from './labels'

const TYPES: Record<string, TimelineEntry['type']> = { told: 'warning', resolved: 'success', claim: 'danger' }

export function stepEntries(notes: Note[]): TimelineEntry[] {
  return notes.map((n) => ({
    at: n.at,
    who: n.author_name,
    title: n.channel ? `${label(STEP_KIND, n.kind)}（${label(STEP_CHANNEL, n.channel)}）` : label(STEP_KIND, n.kind),
    text: n.text,
    type: TYPES[n.kind] ?? 'primary',
  }))
}

/** A local time picked in the browser as the API's ISO instant. */
export const iso = (value: Date | string) => new Date(value).toISOString()

/** The last day a warranty covers (its end is the next local midnight). */
export const lastDay = (end: string) => new Date(Date.parse(end) - 1)
