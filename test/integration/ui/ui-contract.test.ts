import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import { openCore } from '../../../electron/core/core'
import { PENDING_STATES } from '../../../electron/shared/domain/job-state.policy'
import type { JobDetail } from '../../../electron/shared/domain/job'
import type { UserLookup } from '../../../electron/shared/contract/ui.contract'
import { sharedData } from '../../support/shared-data'
import { solidJpeg } from '../../support/images'
import { tempDir } from '../../support/temp'

const core = openCore({ dataDir: tempDir() })
afterAll(() => core.close())

async function call<T>(channel: string, input: unknown): Promise<T> {
  const r = await core.dispatch(channel, input)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

const selfie = () =>
  new Uint8Array(readFileSync(sharedData('faces', 'fr_rose_leslie', 'fr_rose_leslie_1.jpg')))

describe('users:lookup', () => {
  it('says whether a customer id is already enrolled on this kiosk', async () => {
    expect(await call<UserLookup>('users:lookup', { userId: 'cust-new' })).toEqual({
      userId: 'cust-new',
      enrolments: 0,
      authentications: 0,
      enrolled: false,
      lastEnrolmentState: null,
    })
    await call('jobs:capture', {
      jobType: 4,
      userId: 'cust-known',
      jobId: 'job-known-1',
      images: [{ kind: 'selfie', bytes: await solidJpeg() }],
    })
    expect(await call<UserLookup>('users:lookup', { userId: 'cust-known' })).toMatchObject({
      enrolled: true,
      enrolments: 1,
      lastEnrolmentState: 'captured',
    })
  })
  it('refuses a malformed id with a one-line reason', async () => {
    const r = await core.dispatch('users:lookup', { userId: 'no spaces allowed' })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})

describe('liveness:failed', () => {
  it('keeps the session as a failed job that sync never takes, and the id stays free', async () => {
    const liveness = await solidJpeg(320, 240)
    const job = await call<JobDetail>('liveness:failed', {
      jobType: 4,
      userId: 'cust-spoof',
      jobId: 'job-spoof-1',
      reason: 'timeout',
      images: [
        { kind: 'selfie', bytes: selfie() },
        { kind: 'liveness', bytes: liveness },
        { kind: 'liveness', bytes: liveness },
      ],
      // A page that claims "passed" is overruled: the core records what this call means.
      metadata: { consent: { given: true }, liveness: { active: 'passed', attempts: 2 } },
    })
    expect(job.state).toBe('failed')
    expect(PENDING_STATES).not.toContain(job.state)
    expect(job.last_error).toEqual({
      code: 'liveness_failed',
      message:
        'Active liveness failed: a challenge was not completed in time. Not sent to the backend.',
    })
    expect(job.metadata).toMatchObject({
      consent: { given: true },
      liveness: { active: 'failed', reason: 'timeout', attempts: 2 },
    })
    expect(job.images.map((i) => i.kind)).toEqual(['selfie', 'liveness', 'liveness'])
    expect(job.local_checks).toBeNull()
    expect(job.history.map((h) => [h.event, h.to])).toEqual([
      ['captured', 'captured'],
      ['liveness_failed', 'failed'],
    ])
    // The images are stored sealed like any job's (readable only through the keyring).
    expect(core.jobs.readImages('job-spoof-1')).toHaveLength(3)
    // A failed session does not make the id "enrolled".
    expect(await call<UserLookup>('users:lookup', { userId: 'cust-spoof' })).toMatchObject({
      enrolled: false,
      lastEnrolmentState: 'failed',
    })
  })

  it('refuses a bad composition and stores nothing', async () => {
    const r = await core.dispatch('liveness:failed', {
      jobType: 2,
      userId: 'cust-x',
      jobId: 'job-bad-1',
      reason: 'face_lost',
      images: [
        { kind: 'selfie', bytes: selfie() },
        { kind: 'selfie', bytes: selfie() },
      ],
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(core.jobs.exists('job-bad-1')).toBe(false)
  })

  it('refuses an unknown reason', async () => {
    const r = await core.dispatch('liveness:failed', {
      jobType: 2,
      userId: 'cust-x',
      reason: 'bored',
      images: [{ kind: 'selfie', bytes: selfie() }],
    })
    expect(r).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
  })
})

describe('capture:prepare', () => {
  it('starts the face engine and says which execution provider it runs on', async () => {
    const r = await call<{ ready: boolean; provider: string | null; message: string | null }>(
      'capture:prepare',
      {},
    )
    expect(r).toEqual({ ready: true, provider: 'cpu', message: null })
  })
})
