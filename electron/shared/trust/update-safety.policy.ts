/**
 * Whether a downloaded update may restart the app now. Pure. A restart in the middle of a
 * capture loses what the customer just did; in the middle of an upload it repeats work; in the
 * middle of a migration it leaves the store half-changed. So: only when none of these is running
 * and nobody has touched the screen for a while (a customer between steps makes no core calls).
 */

export interface UpdateSituation {
  updateDownloaded: boolean
  capturesInFlight: number
  uploadsInFlight: number
  migrationRunning: boolean
  /** Milliseconds since the last sign of a person at the screen; null if none since start. */
  msSinceInteraction: number | null
  /** How long the screen must have been left alone (the UI idle timeout plus a margin). */
  quietMs: number
}

export type UpdateDecision = { install: true } | { install: false; reason: string }

export function updateDecision(s: UpdateSituation): UpdateDecision {
  if (!s.updateDownloaded) return { install: false, reason: 'no update downloaded' }
  if (s.migrationRunning) return { install: false, reason: 'a database migration is running' }
  if (s.capturesInFlight > 0) return { install: false, reason: 'a capture is being saved' }
  if (s.uploadsInFlight > 0) return { install: false, reason: 'a job is being uploaded' }
  if (s.msSinceInteraction !== null && s.msSinceInteraction < s.quietMs) {
    return { install: false, reason: 'someone is using the kiosk' }
  }
  return { install: true }
}
