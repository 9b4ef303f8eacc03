// What ChatTranscript.vue shows: messages as the API sends them, notes keyed by message id.

export interface TranscriptMessage {
  id: string
  from: 'buyer' | 'agent' | 'bot' | 'system'
  agent_name?: string | null
  at: string
  text: string
  kind?: string
  attachment_url?: string | null
}

export interface TranscriptNote {
  key: string | number
  title: string
  text: string
  type?: 'danger' | 'warning' | 'info' | 'success'
}
