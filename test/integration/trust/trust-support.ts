/** Shared set-up for the trust tests: a real core on a temp folder, a clock the test moves. */
import { randomBytes } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { openCore, type Core } from '../../../electron/core/core'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { solidJpeg } from '../../support/images'
import { tempDir } from '../../support/temp'

export interface TestClock {
  now: Date
  advance(ms: number): void
  fn: () => Date
}

export function testClock(iso = '2026-03-01T09:00:00.000Z'): TestClock {
  const c: TestClock = {
    now: new Date(iso),
    advance(ms) {
      c.now = new Date(c.now.getTime() + ms)
    },
    fn: () => c.now,
  }
  return c
}

export const deviceKey = randomBytes(32)
/** The environment that gives the `kiosk` binary the same device key as openTestCore. */
export const cliEnv = { KIOSK_DEVICE_KEY: deviceKey.toString('base64') }

export function openTestCore(dataDir: string, clock?: TestClock): Core {
  return openCore({
    dataDir,
    keyring: keyringFromKey(deviceKey, 'test'),
    ...(clock ? { clock: clock.fn } : {}),
  })
}

/** Calls as the local operator (the CLI's path) and unwraps, so set-up failures are loud. */
export async function op<T = unknown>(core: Core, channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`)
  return r.value as T
}

let frames: Buffer[] | undefined
export async function captureInput(jobId: string, liveness = 2) {
  frames ??= await Promise.all([
    solidJpeg(320, 240, { r: 200, g: 150, b: 120 }),
    solidJpeg(320, 240, { r: 190, g: 140, b: 110 }),
    solidJpeg(320, 240, { r: 180, g: 130, b: 100 }),
  ])
  return {
    jobType: 4,
    userId: `user-${jobId}`,
    jobId,
    images: [
      { kind: 'selfie', bytes: frames[0] },
      ...Array.from({ length: liveness }, (_, i) => ({
        kind: 'liveness',
        bytes: frames?.[1 + (i % 2)],
      })),
    ],
  }
}

/** Moves a captured job to `complete` the way sync does, through the state machine. */
export function completeJob(core: Core, jobId: string): void {
  core.jobs.record(jobId, 'prep_ok', { transition: 'prepared' })
  core.jobs.record(jobId, 'upload_ok', { transition: 'uploaded' })
  core.jobs.record(jobId, 'final', {
    transition: 'final_result',
    patch: { backendResult: { ResultCode: '0810', ResultText: 'Enroll User' } },
  })
}

/** A data folder holding `count` captured jobs (a selfie and `liveness` frames each), core closed. */
export async function storeWithJobs(count: number, liveness: number): Promise<string> {
  const dir = tempDir('kiosk-trust-')
  const core = openTestCore(dir)
  for (let i = 1; i <= count; i++) {
    await op(
      core,
      'jobs:capture',
      await captureInput(`job-${String(i).padStart(3, '0')}`, liveness),
    )
  }
  core.close()
  return dir
}

/** Overwrites `bytes` of `file` at `offset` in place: damage as a bad disk leaves it. */
export function scribble(file: string, offset: number, bytes: Buffer): void {
  const fd = openSync(file, 'r+')
  try {
    writeSync(fd, bytes, 0, bytes.length, offset)
  } finally {
    closeSync(fd)
  }
}
