/**
 * What the kiosk is busy with right now, for the update policy: captures being saved, uploads in
 * flight (the sync engine reports them), a migration, and when a person last touched the screen.
 *
 * Sync calls it like this:
 *   const done = core.activity.begin('upload')
 *   try { await upload(job) } finally { done() }
 */
export type ActivityKind = 'capture' | 'upload' | 'migration'

export interface ActivitySnapshot {
  capturesInFlight: number
  uploadsInFlight: number
  migrationRunning: boolean
  lastInteractionAt: Date | null
}

export type Activity = ReturnType<typeof createActivity>

export function createActivity(clock: () => Date) {
  const running: Record<ActivityKind, number> = { capture: 0, upload: 0, migration: 0 }
  let lastInteractionAt: Date | null = null
  return {
    /** Marks the start of some work; call the returned function once when it ends. */
    begin(kind: ActivityKind): () => void {
      running[kind]++
      let ended = false
      return () => {
        if (ended) return
        ended = true
        running[kind]--
      }
    },
    /** A person did something at the screen. */
    touch(): void {
      lastInteractionAt = clock()
    },
    snapshot(): ActivitySnapshot {
      return {
        capturesInFlight: running.capture,
        uploadsInFlight: running.upload,
        migrationRunning: running.migration > 0,
        lastInteractionAt,
      }
    },
  }
}
