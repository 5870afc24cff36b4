/**
 * Retention on a real store: images purged a set time after the final result (and gone from the
 * database file and its WAL), metadata kept, unsynced jobs never purged; `kiosk jobs purge`; the
 * disk-space guard refusing a capture with a clear message and storing nothing.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { open } from '../../../electron/core/crypto/aead'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { createDiskGuard } from '../../../electron/core/retention/disk-guard'
import { kiosk, kioskJson } from '../../support/cli'
import { solidJpeg } from '../../support/images'
import { tempDir } from '../../support/temp'
import {
  captureInput,
  cliEnv as env,
  completeJob,
  deviceKey,
  op,
  openTestCore,
  testClock,
} from './trust-support'

const HOUR = 3_600_000

describe('image retention', () => {
  it('purges images 24 h after the final result, keeps metadata, never touches unsynced jobs', async () => {
    const dir = tempDir()
    const clock = testClock()
    const core = openTestCore(dir, clock)
    for (const id of ['job-done-old', 'job-done-new', 'job-never-synced', 'job-in-flight']) {
      await op(core, 'jobs:capture', await captureInput(id))
    }
    const before = core.db
      .prepare("SELECT ciphertext FROM job_images WHERE job_id = 'job-done-old'")
      .pluck()
      .all() as Buffer[]
    const sealed = before.map((b) => b.subarray(20, 52)) // 32 bytes from inside each ciphertext
    completeJob(core, 'job-done-old')
    core.jobs.record('job-in-flight', 'prep_ok', { transition: 'prepared' })
    clock.advance(20 * HOUR)
    completeJob(core, 'job-done-new')
    clock.advance(5 * HOUR) // old: final 25 h ago; new: 5 h ago

    const dry = await op<{ purged: { jobId: string }[]; kept: Record<string, unknown> }>(
      core,
      'jobs:purge',
      { dryRun: true },
    )
    expect(dry.purged.map((j) => j.jobId)).toEqual(['job-done-old'])
    expect(dry.kept).toMatchObject({
      notFinal: 2,
      notDue: 1,
      nextDueAt: '2026-03-03T05:00:00.000Z',
      oldestNotFinal: { jobId: 'job-never-synced', state: 'captured' },
    })
    expect(core.jobs.readImages('job-done-old')).toHaveLength(3) // dry run changed nothing

    const run = await op<{ purged: { jobId: string }[] }>(core, 'jobs:purge', {})
    expect(run.purged.map((j) => j.jobId)).toEqual(['job-done-old'])
    expect(() => core.jobs.readImages('job-done-old')).toThrow(
      'the images of job job-done-old were purged after its final result',
    )
    const job = core.jobs.require('job-done-old')
    expect(job.images).toHaveLength(3) // sizes, hashes, dimensions kept as the record
    expect(job.backend_result).toMatchObject({ ResultCode: '0810' })
    expect(job.history.at(-1)).toMatchObject({
      event: 'images_purged',
      detail: { images: 3, imagesHours: 24 },
    })
    for (const id of ['job-done-new', 'job-never-synced', 'job-in-flight']) {
      expect(core.jobs.readImages(id)).toHaveLength(3)
    }
    expect(core.audit.list({ limit: 1, action: 'retention.purged' })[0]).toMatchObject({
      detail: { jobs: ['job-done-old'], imagesHours: 24 },
    })
    // Crypto-shredded: a copy of the old ciphertext kept anywhere no longer opens with the job's key.
    const wrapped = core.db
      .prepare("SELECT wrapped_key FROM jobs WHERE job_id = 'job-done-old'")
      .pluck()
      .get() as Buffer
    const dataKey = keyringFromKey(deviceKey, 'test').unwrap(wrapped, 'job-done-old')
    expect(() => open(dataKey, before[0] as Buffer, 'img:job-done-old:selfie:0')).toThrow(
      /failed its integrity check/,
    )
    core.close()

    // Overwritten, not just unlinked: not in the database file, not in a WAL.
    const file = readFileSync(join(dir, 'kiosk.db'))
    for (const piece of sealed) expect(file.indexOf(piece)).toBe(-1)
    expect(existsSync(join(dir, 'kiosk.db-wal'))).toBe(false)
  })

  it('keeps a job that failed and that staff sent back to be synced again', async () => {
    const core = openTestCore(tempDir(), testClock())
    await op(core, 'jobs:capture', await captureInput('job-r'))
    core.jobs.record('job-r', 'prep_ok', { transition: 'prepared' })
    core.jobs.record('job-r', 'refused', { transition: 'rejected' })
    core.jobs.record('job-r', 'retry', { transition: 'staff_retry' })
    const r = await op<{ purged: unknown[]; kept: { notFinal: number } }>(core, 'jobs:purge', {})
    expect([r.purged.length, r.kept.notFinal]).toEqual([0, 1])
  })

  it('`kiosk jobs purge --dry-run` says what it would do, in words', async () => {
    const dir = tempDir()
    const clock = testClock('2026-01-01T00:00:00.000Z')
    const core = openTestCore(dir, clock)
    await op(core, 'jobs:capture', await captureInput('job-a'))
    await op(core, 'jobs:capture', await captureInput('job-b'))
    completeJob(core, 'job-a')
    core.close() // the CLI's clock is now, long after 2026-01-01 + 24 h
    const r = kiosk(['jobs', 'purge', '--dry-run'], { dataDir: dir, env })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Would purge the images of 1 job (final result more than 24 h ago):')
    expect(r.stdout).toContain('  job-a  final 2026-01-01 00:00:00')
    expect(r.stdout).toContain(
      'Kept: 1 job without a final result (never purged automatically); oldest job-b (captured), captured 2026-01-01.',
    )
    expect(r.stdout).toContain('Dry run: nothing was changed.')
    const real = kioskJson<{ purged: { jobId: string }[] }>(['jobs', 'purge'], {
      dataDir: dir,
      env,
    })
    expect(real.purged.map((j) => j.jobId)).toEqual(['job-a'])
    expect(kiosk(['jobs', 'purge'], { dataDir: dir, env }).stdout).toMatch(/^Nothing to purge/)
  })

  it('runs on a schedule in the app', async () => {
    const clock = testClock()
    const core = openTestCore(tempDir(), clock)
    await op(core, 'jobs:capture', await captureInput('job-s'))
    completeJob(core, 'job-s')
    clock.advance(25 * HOUR)
    const stop = core.retention.schedule(60_000) // runs once at start, then every minute
    stop()
    expect(() => core.jobs.readImages('job-s')).toThrow(/purged/)
    expect(core.audit.list({ limit: 1, action: 'retention.purged' })[0]?.actor).toBe(
      'system:retention',
    )
  })
})

describe('disk-space guard', () => {
  it('refuses a capture with a clear message and stores nothing', async () => {
    const dir = tempDir()
    const selfie = join(tempDir(), 'selfie.jpg')
    await import('node:fs/promises').then(async (fs) => fs.writeFile(selfie, await solidJpeg()))
    expect(
      kiosk(['settings', 'set', 'thresholds.minFreeDiskMb', '100000000'], { dataDir: dir, env })
        .code,
    ).toBe(0)
    const r = kiosk(['enrol', '--user-id', 'u1', '--job-id', 'job-full', '--selfie', selfie], {
      dataDir: dir,
      env,
    })
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      /^kiosk: not enough free disk space to save a capture: \d+ MB free where the kiosk stores jobs, at least 100000000 MB needed \(thresholds\.minFreeDiskMb\); sync and purge finished jobs or free up space\n$/,
    )
    const db = new Database(join(dir, 'kiosk.db'), { readonly: true })
    expect(db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(0)
    db.close()
    expect(
      kiosk(['settings', 'set', 'thresholds.minFreeDiskMb', '1'], { dataDir: dir, env }).code,
    ).toBe(0)
    expect(
      kiosk(['enrol', '--user-id', 'u1', '--job-id', 'job-full', '--selfie', selfie], {
        dataDir: dir,
        env,
      }).code,
    ).toBe(0)
  })

  it('measures free space with statfs of the data folder', () => {
    const guard = createDiskGuard(
      '/data',
      () => 500,
      () => ({ bavail: 100n, bsize: 1024n * 1024n }),
    )
    expect(guard).toThrow('100 MB free where the kiosk stores jobs, at least 500 MB needed')
    const roomy = createDiskGuard(
      '/data',
      () => 500,
      () => ({ bavail: 4096, bsize: 4096 * 1024 }),
    )
    expect(roomy).not.toThrow()
  })
})
