// A short two-tone chime made in the browser: no audio file to ship or fetch.
let context: AudioContext | null = null

export function chime(): void {
  // Browsers refuse sound before the person has clicked on the page; stay silent until then.
  if (!navigator.userActivation?.hasBeenActive) return
  try {
    context ??= new AudioContext()
    const now = context.currentTime
    for (const [offset, pitch] of [[0, 880], [0.16, 1175]] as const) {
      const tone = context.createOscillator()
      const gain = context.createGain()
      tone.frequency.value = pitch
      gain.gain.setValueAtTime(0.12, now + offset)
      gain.gain.exponentialRampToValueAtTime(0.001, now + offset + 0.25)
      tone.connect(gain).connect(context.destination)
      tone.start(now + offset)
      tone.stop(now + offset + 0.26)
    }
  } catch {
    // A browser that blocks audio until the first click just stays silent.
  }
}
