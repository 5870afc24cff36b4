import { describe, expect, it } from 'vitest'
import {
  updateDecision,
  type UpdateSituation,
} from '../../../electron/shared/trust/update-safety.policy'

const quiet: UpdateSituation = {
  updateDownloaded: true,
  capturesInFlight: 0,
  uploadsInFlight: 0,
  migrationRunning: false,
  msSinceInteraction: 10 * 60_000,
  quietMs: 150_000,
}

describe('updateDecision', () => {
  it.each<[string, Partial<UpdateSituation>, boolean, string?]>([
    ['quiet kiosk with an update', {}, true],
    ['nobody has touched it since start', { msSinceInteraction: null }, true],
    ['nothing downloaded', { updateDownloaded: false }, false, 'no update downloaded'],
    ['capture being saved', { capturesInFlight: 1 }, false, 'a capture is being saved'],
    ['upload in flight', { uploadsInFlight: 2 }, false, 'a job is being uploaded'],
    ['migration running', { migrationRunning: true }, false, 'a database migration is running'],
    ['customer between steps', { msSinceInteraction: 20_000 }, false, 'someone is using the kiosk'],
    ['just at the quiet time', { msSinceInteraction: 150_000 }, true],
    [
      'upload and capture together',
      { uploadsInFlight: 1, capturesInFlight: 1 },
      false,
      'a capture is being saved',
    ],
  ])('%s → install %s', (_n, s, install, reason) => {
    const d = updateDecision({ ...quiet, ...s })
    expect(d.install).toBe(install)
    if (!d.install) expect(d.reason).toBe(reason)
  })
})
