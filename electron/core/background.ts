/**
 * The work a running kiosk does on its own: syncing jobs up and results back, and purging images
 * past their retention time. The desktop app and the browser host both start it here, so the two
 * shells cannot drift apart; the CLI runs the same steps on demand (`kiosk sync`, `kiosk jobs purge`).
 */
import type { Core } from './core'

/** How often images past their retention time are purged (they are also purged at start). */
export const PURGE_EVERY_MS = 15 * 60_000

export interface BackgroundOptions {
  /** Leave syncing to `kiosk sync` (tests that need a queue that stays put). */
  sync?: boolean
}

/** Starts the background work; the returned function stops it and waits for a pass in flight. */
export function startBackgroundWork(core: Core, opts: BackgroundOptions = {}): () => Promise<void> {
  const stopPurge = core.retention.schedule(PURGE_EVERY_MS)
  if (opts.sync !== false) core.sync.startLoop()
  return async () => {
    stopPurge()
    await core.sync.stopLoop()
  }
}
