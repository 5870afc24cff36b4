/**
 * Capture guards on a real core and store: a capture is refused at its START for the listed
 * reasons, never at its save once it was allowed to start; exporting relieves the backlog; a real
 * sync resets the days-without-sync clock. Location and the capture clock land in the metadata.
 */
import { generateKeyPairSync } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openCore, type Core } from '../../../electron/core/core'
import { unavailableDecider } from '../../../electron/sandbox/sandbox-decider'
import { startSandbox } from '../../../electron/sandbox/sandbox-server'
import type { CaptureInput } from '../../../electron/shared/contract/contract'
import type { Result } from '../../../electron/shared/contract/result'
import type { JobDetail } from '../../../electron/shared/domain/job'
import { kiosk } from '../../support/cli'
import { solidJpeg } from '../../support/images'
import { tempDir } from '../../support/temp'
import { storeCounts } from './field-support'

const root = tempDir('kiosk-field-guards-')
const DAY = 86_400_000
const cores: Core[] = []
afterAll(async () => {
  for (const c of cores) {
    await c.sync.close()
    c.close()
  }
})

function open(name: string, shiftMs = 0): Core {
  const core = openCore({
    dataDir: join(root, name),
    localChecks: () => Promise.resolve(null),
    clock: () => new Date(Date.now() + shiftMs),
  })
  cores.push(core)
  return core
}

let jpeg: Buffer
async function input(jobId: string, metadata: Record<string, unknown> = {}): Promise<CaptureInput> {
  jpeg ??= await solidJpeg(96, 96)
  return {
    jobType: 4,
    userId: `user-${jobId}`,
    jobId,
    images: [{ kind: 'selfie', bytes: jpeg }],
    metadata,
  }
}

const capture = async (core: Core, jobId: string, meta?: Record<string, unknown>) =>
  (await core.dispatch('jobs:capture', await input(jobId, meta))) as Result<JobDetail>

describe('capture guards', () => {
  it('refuses a new capture once the backlog is full, with the reason, storing nothing', async () => {
    const core = open('backlog')
    core.settings.set('field.maxBacklog', 2)
    expect((await capture(core, 'b-1')).ok).toBe(true)
    expect((await capture(core, 'b-2')).ok).toBe(true)
    const guards = await core.dispatch('capture:guards', {})
    expect(guards).toMatchObject({
      ok: true,
      value: { allowed: false, backlog: 2, maxBacklog: 2, reasons: [{ code: 'backlog_full' }] },
    })
    const before = storeCounts(join(root, 'backlog'))
    for (const r of [await core.dispatch('capture:begin', {}), await capture(core, 'b-3')]) {
      expect(r).toMatchObject({ ok: false, error: { code: 'forbidden' } })
      if (!r.ok) {
        expect(r.error.message).toMatch(
          /^2 jobs are waiting for the backend and this kiosk may hold at most 2 unsent \(field.maxBacklog\)/,
        )
      }
    }
    expect(storeCounts(join(root, 'backlog'))).toEqual(before)
  })

  it('never refuses the save of a capture that was allowed to start', async () => {
    const core = open('ticket')
    core.settings.set('field.maxBacklog', 2)
    expect((await capture(core, 't-1')).ok).toBe(true)
    const begun = await core.dispatch('capture:begin', {})
    expect(begun).toMatchObject({ ok: true, value: { guards: { allowed: true } } })
    const ticket = begun.ok ? (begun.value as { ticket: string }).ticket : ''
    // While the customer is in front of the camera, another desk fills the backlog…
    expect((await capture(core, 't-other')).ok).toBe(true)
    // …and the disk threshold is raised above what is free.
    core.settings.set('thresholds.minFreeDiskMb', 100_000_000)
    const saved = await capture(core, 't-2', { capture_ticket: ticket, consent: true })
    expect(saved.ok).toBe(true)
    if (saved.ok) {
      expect(saved.value.metadata).not.toHaveProperty('capture_ticket')
      expect(saved.value.metadata).toMatchObject({
        consent: true,
        capture_clock: { clock: 'ok', started: { wall: expect.any(String) as unknown } },
      })
    }
    // Without a ticket (or with one already used) the same save is refused: its start is now.
    const again = await capture(core, 't-3', { capture_ticket: ticket })
    expect(again).toMatchObject({ ok: false, error: { code: 'forbidden' } })
    if (!again.ok) {
      expect(again.error.message).toMatch(/^new captures are refused: not enough free disk/)
    }
  })

  it('exporting the backlog to USB lets captures start again', async () => {
    const core = open('export')
    core.settings.set('field.maxBacklog', 2)
    const x = generateKeyPairSync('x25519').publicKey.export({ format: 'jwk' }).x
    core.settings.set('field.recipientKey', `kiosk-x25519:${String(x)}`)
    await capture(core, 'e-1')
    await capture(core, 'e-2')
    expect((await capture(core, 'e-3')).ok).toBe(false)
    const out = tempDir('kiosk-field-usb-')
    const r = await core.dispatch('field:export', { to: out })
    expect(r).toMatchObject({ ok: true, value: { jobs: 2 } })
    expect(await core.dispatch('capture:guards', {})).toMatchObject({
      value: { allowed: true, backlog: 0, exportedUnsent: 2 },
    })
    expect((await capture(core, 'e-3')).ok).toBe(true)
  })

  it('counts days without sync from set-up, and from the last real sync', async () => {
    const dir = 'days'
    open(dir) // set up today
    const later = open(dir, 20 * DAY)
    expect(await later.dispatch('capture:guards', {})).toMatchObject({
      value: { allowed: false, reasons: [{ code: 'sync_overdue' }], lastSyncAt: null },
    })
    const sb = await startSandbox({
      dataDir: join(root, 'days-backend'),
      partnerId: '031',
      apiKey: 'guards-key',
      decider: unavailableDecider('test'),
      faults: { processingMs: 0 },
    })
    try {
      const now = open(dir)
      for (const [k, v] of [
        ['backend.mode', 'live'],
        ['backend.url', sb.url],
        ['backend.partnerId', '031'],
        ['backend.apiKey', 'guards-key'],
      ] as const) {
        now.settings.set(k, v)
      }
      await now.sync.run({ waitSec: 5 })
    } finally {
      await sb.close()
    }
    const soon = open(dir, 13 * DAY)
    expect(await soon.dispatch('capture:guards', {})).toMatchObject({
      value: { allowed: true, lastSyncAt: expect.any(String) as unknown },
    })
  })

  it('stores a validated location with its age, and refuses a bad one', async () => {
    const core = open('location')
    const fix = {
      latitude: 0.3476,
      longitude: 32.5825,
      accuracy: 8,
      altitude: 1190,
      altitudeAccuracy: 10,
      heading: null,
      speed: 0,
      timestamp: Date.now() - 20_000,
    }
    const ok = await capture(core, 'l-1', { location: fix })
    expect(ok.ok && ok.value.metadata.location).toMatchObject({
      ...fix,
      source: 'geolocation',
      age_s: expect.any(Number) as unknown,
      stale: false,
    })
    const bad = await capture(core, 'l-2', { location: { ...fix, latitude: 123 } })
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'invalid_input',
        message: 'metadata.location.latitude: latitude is -90 to 90',
      },
    })
  })

  it('the CLI says why a capture would be refused, and refuses one the same way', () => {
    const dir = join(root, 'cli')
    expect(kiosk(['settings', 'set', 'field.maxBacklog', '1'], { dataDir: dir }).code).toBe(0)
    const first = kiosk(['field', 'guards'], { dataDir: dir })
    expect(first.stdout).toMatch(
      /^New captures: allowed\.\n {2}disk: \d+ MB free \(needs 500\); waiting for the backend: 0 \(limit 1\)/,
    )
    const selfie = join(root, 'cli-selfie.jpg')
    writeFileSync(selfie, jpeg)
    const enrol = (id: string) =>
      kiosk(['enrol', '--user-id', id, '--job-id', id, '--selfie', selfie], { dataDir: dir })
    expect(enrol('cli-1').code).toBe(0)
    const refused = enrol('cli-2')
    expect(refused.stderr).toBe(
      'kiosk: 1 job is waiting for the backend and this kiosk may hold at most 1 unsent (field.maxBacklog): sync, or export them with `kiosk export`, before capturing more\n',
    )
    expect(refused.code).toBe(1)
    expect(kiosk(['field', 'guards'], { dataDir: dir }).stdout).toMatch(
      /^New captures: REFUSED\.\n {2}✗ 1 job is waiting/,
    )
  })
})
