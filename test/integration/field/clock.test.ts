/**
 * A wall clock that jumped is flagged before sync (doctor, sync status, field status) and corrected
 * before signing, so the backend refuses nothing with 2205. Real store, real sandbox on loopback;
 * the jump is a core whose clock reads 3 h ahead of the samples taken earlier on this same boot.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openCore, type Core } from '../../../electron/core/core'
import { databaseFile } from '../../../electron/core/paths'
import { unavailableDecider } from '../../../electron/sandbox/sandbox-decider'
import { startSandbox, type Sandbox } from '../../../electron/sandbox/sandbox-server'
import { kiosk, kioskJson } from '../../support/cli'
import { solidJpeg } from '../../support/images'
import { tempDir } from '../../support/temp'

const root = tempDir('kiosk-field-clock-')
const H = 3_600_000
let sb: Sandbox
const cores: Core[] = []

beforeAll(async () => {
  sb = await startSandbox({
    dataDir: join(root, 'backend'),
    partnerId: '042',
    apiKey: 'clock-key',
    decider: unavailableDecider('test'),
    faults: { processingMs: 0 },
  })
})
afterAll(async () => {
  for (const c of cores) {
    await c.sync.close()
    c.close()
  }
  await sb?.close()
})

function open(name: string, shiftMs: number): Core {
  const core = openCore({
    dataDir: join(root, name),
    localChecks: () => Promise.resolve(null),
    clock: () => new Date(Date.now() + shiftMs),
  })
  core.settings.set('backend.mode', 'live')
  core.settings.set('backend.url', sb.url)
  core.settings.set('backend.partnerId', '042')
  core.settings.set('backend.apiKey', 'clock-key')
  cores.push(core)
  return core
}

async function captureOne(core: Core, jobId: string) {
  return core.capture.capture({
    jobType: 4,
    userId: `u-${jobId}`,
    jobId,
    images: [{ kind: 'selfie', bytes: await solidJpeg(64, 64) }],
    metadata: { sandbox_result: '0' },
  })
}

const refusedSignatures = () => sb.meter.snapshot().statuses['401'] ?? 0

describe('clock jumps', () => {
  it('doctor and sync status flag a jump on this boot before anything is synced', () => {
    const dir = join(root, 'cli')
    kioskJson(['settings', 'get'], { dataDir: dir })
    // The first sample of this boot now says the wall clock read 3 h less at that uptime:
    // the clock has since moved 3 h forward (as if someone set it).
    const db = new Database(databaseFile(dir))
    db.prepare(
      'UPDATE field_clock SET wall_ms = wall_ms - ? WHERE id = (SELECT min(id) FROM field_clock)',
    ).run(3 * H)
    db.close()
    const doctor = kiosk(['doctor', '--no-probe', '--json'], { dataDir: dir })
    const info = JSON.parse(doctor.stdout) as {
      warnings: string[]
      field: { clock: { state: string } }
    }
    expect(info.field.clock.state).toBe('unverified')
    expect(info.warnings).toEqual([
      expect.stringMatching(
        /^Clock: the clock was moved 3 h forward since .* \(this boot\); sync checks it against the backend before signing anything$/,
      ),
    ])
    expect(kiosk(['doctor', '--no-probe'], { dataDir: dir }).stdout).toMatch(
      /\n! Clock: the clock was moved 3 h forward/,
    )
    expect(kiosk(['sync', 'status'], { dataDir: dir }).stdout).toMatch(
      /\n {2}! Clock: the clock was moved 3 h forward/,
    )
  })

  it('a jumped clock is checked against the backend first: no request is refused with 2205', async () => {
    open('jumped', 0) // the app ran earlier on this boot with the right time
    const core = open('jumped', 3 * H) // then the clock was set 3 h ahead
    expect(core.field.status().clock.state).toBe('unverified')
    const job = await captureOne(core, 'j-1')
    expect(job.metadata).toMatchObject({ capture_clock: { clock: 'unverified' } })
    const before = refusedSignatures()
    const r = await core.sync.run({ waitSec: 10 })
    expect(r.queue).toEqual({ complete: 1 })
    expect(refusedSignatures()).toBe(before)
    // Now the backend's time is known on this boot: the error is measured, not guessed.
    const clock = core.field.status().clock
    expect(clock.state).toBe('corrected')
    expect(Math.abs((clock.offsetMs ?? 0) + 3 * H)).toBeLessThan(5_000)
    expect(core.sync.status().clockWarning).toMatch(/clock is 3 h ahead of the backend's/)
  })

  it('without a reference the first request meets 2205 once; after that the offset is kept', async () => {
    const core = open('no-reference', 3 * H) // first start already with the wrong clock
    expect(core.field.status().clock.state).toBe('ok')
    await captureOne(core, 'n-1')
    const before = refusedSignatures()
    expect((await core.sync.run({ waitSec: 10 })).queue).toEqual({ complete: 1 })
    expect(refusedSignatures()).toBe(before + 1)
    // The next pass on this boot signs with the correction from its very first request.
    await captureOne(core, 'n-2')
    expect((await core.sync.run({ waitSec: 10 })).queue).toEqual({ complete: 2 })
    expect(refusedSignatures()).toBe(before + 1)
  })
})
