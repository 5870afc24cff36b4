/**
 * The app's background loop: a new capture is picked up at once, status events are pushed, and a
 * "sync now" from the UI (sync:run) while the loop runs never works a job twice.
 */
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SyncStatus } from '../../../electron/shared/contract/sync.contract'
import { tempDir } from '../../support/temp'
import { until } from '../sandbox/helpers'
import { harness, type Harness } from './harness'

const root = tempDir('kiosk-sync-loop-')
let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('background sync loop', () => {
  it('sends a new capture within moments, pushes sync:status, and shares the store with sync:run', async () => {
    const t = (h = await harness(join(root, 'a'), { faults: { processingMs: 200 } }))
    const statuses: SyncStatus[] = []
    const changes: string[] = []
    t.core.events.subscribe((event, payload) => {
      if (event === 'sync:status') statuses.push(payload as SyncStatus)
      if (event === 'jobs:changed') {
        changes.push(
          `${(payload as { jobId: string }).jobId}:${(payload as { state: string }).state}`,
        )
      }
    })
    t.core.sync.startLoop()
    await t.capture('loop-1', 'lu-1', { sandboxResult: '0' })
    const captured = Date.now()
    await until(() => t.job('loop-1').state === 'complete', 10_000)
    // First poll misses (processing), the next comes 2 s later: well under the 30 s idle interval.
    expect(Date.now() - captured).toBeLessThan(5_000)
    expect(changes).toEqual(
      expect.arrayContaining([
        'loop-1:captured',
        'loop-1:prepared',
        'loop-1:uploaded',
        'loop-1:complete',
      ]),
    )

    // "Sync now" from the UI while the loop runs: one pass at a time, nothing twice.
    for (let i = 0; i < 6; i++) await t.capture(`loop-n${i}`, `ln-${i}`, { sandboxResult: '0' })
    const now = await t.core.dispatch('sync:run', { waitSec: 10 })
    expect(now).toMatchObject({ ok: true, value: { queue: { complete: 7 } } })
    await t.core.sync.stopLoop()
    for (const j of t.sb.repo.listJobs()) {
      expect([j.job_id, j.prep_count, j.upload_count]).toEqual([j.job_id, 1, 1])
    }
    expect(statuses.length).toBeGreaterThan(0)
    expect(statuses.at(-1)).toMatchObject({ mode: 'live', connectivity: 'online' })
    const status = await t.core.dispatch('sync:status', {})
    expect(status).toMatchObject({ ok: true, value: { running: false, queue: { complete: 7 } } })
  })

  it('one data folder, one sync runner: a second process is told who holds it', async () => {
    const t = (h = await harness(join(root, 'b')))
    await t.capture('lease-1', 'le-1', { sandboxResult: '0' })
    // Pretend another live process (this test runner's parent) holds the lease.
    const { openDatabase } = await import('../../../electron/core/store/database')
    const db = openDatabase(join(root, 'b', 'kiosk', 'kiosk.db'))
    const { hostname } = await import('node:os')
    db.prepare(`INSERT INTO sync_state (key, value, updated_at) VALUES ('lease', ?, 't')`).run(
      JSON.stringify({ pid: process.ppid, host: hostname(), until: Date.now() + 60_000 }),
    )
    db.close()
    await expect(t.run()).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining(`pid ${process.ppid}`) as unknown,
    })
    expect(t.job('lease-1').state).toBe('captured')
  })
})
