import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { solidJpeg } from '../../support/images'
import { tempDir } from '../../support/temp'
import { harness, type Harness } from './harness'

// A failed active-liveness session is kept for staff and never sent as if it had passed.
describe('failed active liveness is never sent', () => {
  let h: Harness

  beforeAll(async () => {
    h = await harness(tempDir())
  })
  afterAll(async () => {
    await h.close()
  })

  it('capture refuses a session marked failed (it must go through liveness:failed)', async () => {
    const before = h.core.jobs.counts()
    await expect(
      h.core.capture.capture({
        jobType: 4,
        userId: 'u-lf1',
        jobId: 'job-lf1',
        images: [{ kind: 'selfie', bytes: await solidJpeg() }],
        metadata: { liveness: { active: 'failed', reason: 'timeout' } },
      }),
    ).rejects.toMatchObject({ code: 'invalid_input' })
    expect(h.core.jobs.counts()).toEqual(before)
  })

  it('a stored failed session cannot be put back in the queue by staff retry', async () => {
    const res = await h.core.dispatch('liveness:failed', {
      jobType: 4,
      userId: 'u-lf2',
      jobId: 'job-lf2',
      reason: 'timeout',
      images: [{ kind: 'selfie', bytes: await solidJpeg() }],
    })
    expect(res).toMatchObject({ ok: true, value: { state: 'failed' } })
    expect(() => h.core.sync.retry('job-lf2')).toThrow(
      /failed its active liveness check; it cannot be sent/,
    )
    expect(h.core.jobs.require('job-lf2').state).toBe('failed')
  })

  it('sync never uploads a queued job whose metadata says liveness failed', async () => {
    // Written straight to the store, as a bug or a foreign import could leave it.
    h.core.jobs.create({
      jobId: 'job-lf3',
      userId: 'u-lf3',
      jobType: 4,
      images: [
        {
          kind: 'selfie',
          seq: 0,
          mime: 'image/jpeg',
          sha256: randomBytes(32).toString('hex'),
          width: 320,
          height: 240,
          bytes: await solidJpeg(),
        },
      ],
      localChecks: null,
      metadata: { liveness: { active: 'failed', reason: 'face_swapped' } },
    })
    await h.run()
    const job = h.core.jobs.require('job-lf3')
    expect(job.state).toBe('failed')
    expect(job.last_error?.code).toBe('liveness_failed')
    expect(h.sb.repo.job('job-lf3')).toBeUndefined()
  })
})
