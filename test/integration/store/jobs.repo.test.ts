import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../../electron/core/core'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { readShared } from '../../support/shared-data'
import { solidJpeg } from '../../support/images'
import { tempDir } from '../../support/temp'

const key = randomBytes(32)
const open = (dir: string) => openCore({ dataDir: dir, keyring: keyringFromKey(key, 'test') })

describe('job store', () => {
  it('stores a job with all its images in one transaction, readable back byte for byte', async () => {
    const core = open(tempDir())
    const selfie = readShared('faces', 'df_A', 'df_A_img1.jpg')
    const frame = await solidJpeg()
    const job = await core.capture.capture({
      jobType: 4,
      userId: 'cust-1',
      jobId: 'job-1',
      images: [
        { kind: 'selfie', bytes: selfie },
        ...Array.from({ length: 8 }, () => ({ kind: 'liveness' as const, bytes: frame })),
      ],
    })
    expect(job).toMatchObject({
      job_id: 'job-1',
      user_id: 'cust-1',
      job_type: 4,
      state: 'captured',
      attempts: 0,
    })
    expect(job.images.map((i) => `${i.kind}${i.seq}`)).toEqual([
      'selfie0',
      ...Array.from({ length: 8 }, (_, i) => `liveness${i}`),
    ])
    expect(job.history).toMatchObject([{ event: 'captured', from: null, to: 'captured' }])
    const back = core.jobs.readImages('job-1')
    expect(back[0]?.bytes.equals(selfie)).toBe(true)
    expect(back).toHaveLength(9)
    core.close()
  })

  it('refuses a duplicate job id and leaves the first job untouched', async () => {
    const core = open(tempDir())
    const img = await solidJpeg()
    await core.capture.capture({
      jobType: 4,
      userId: 'u',
      jobId: 'dup',
      images: [{ kind: 'selfie', bytes: img }],
    })
    await expect(
      core.capture.capture({
        jobType: 2,
        userId: 'other',
        jobId: 'dup',
        images: [{ kind: 'selfie', bytes: img }],
      }),
    ).rejects.toMatchObject({ code: 'conflict', message: 'a job with id dup already exists' })
    expect(core.jobs.get('dup')).toMatchObject({ user_id: 'u', job_type: 4 })
    expect(core.jobs.list({ limit: 10, offset: 0 })).toHaveLength(1)
    core.close()
  })

  it('keeps no decodable image in the database files: only ciphertext', async () => {
    const dir = tempDir()
    const core = open(dir)
    const selfie = readShared('faces', 'df_A', 'df_A_img1.jpg')
    await core.capture.capture({
      jobType: 4,
      userId: 'u',
      images: [{ kind: 'selfie', bytes: selfie }],
    })
    core.db.pragma('wal_checkpoint(PASSIVE)')
    for (const f of readdirSync(dir).filter((n) => n.startsWith('kiosk.db'))) {
      const bytes = readFileSync(join(dir, f))
      expect(bytes.includes(Buffer.from([0xff, 0xd8, 0xff])), `${f} holds a JPEG signature`).toBe(
        false,
      )
      expect(bytes.includes(selfie.subarray(200, 264)), `${f} holds image bytes`).toBe(false)
    }
    core.close()
  })

  it('detects tampered ciphertext instead of returning garbage', async () => {
    const core = open(tempDir())
    await core.capture.capture({
      jobType: 4,
      userId: 'u',
      jobId: 'tj',
      images: [{ kind: 'selfie', bytes: await solidJpeg() }],
    })
    const sealed = core.db
      .prepare(`SELECT ciphertext FROM job_images WHERE job_id = 'tj'`)
      .pluck()
      .get() as Buffer
    sealed[40] = (sealed[40] ?? 0) ^ 0x01 // one flipped bit in the middle of the image
    core.db.prepare(`UPDATE job_images SET ciphertext = ? WHERE job_id = 'tj'`).run(sealed)
    expect(() => core.jobs.readImages('tj')).toThrow(/failed its integrity check/)
    core.close()
  })

  it('moves jobs only along the state machine, recording each change in the history', async () => {
    const core = open(tempDir())
    await core.capture.capture({
      jobType: 4,
      userId: 'u',
      jobId: 'sm',
      images: [{ kind: 'selfie', bytes: await solidJpeg() }],
    })
    expect(
      core.jobs.record('sm', 'prep_ok', { transition: 'prepared', patch: { attempts: 1 } }),
    ).toBe('prepared')
    expect(() => core.jobs.record('sm', 'result', { transition: 'final_result' })).toThrow(
      /cannot take event "final_result"/,
    )
    const job = core.jobs.require('sm')
    expect(job.state).toBe('prepared')
    expect(job.attempts).toBe(1)
    expect(job.history.map((e) => `${e.from ?? '-'}>${e.to}`)).toEqual([
      '->captured',
      'captured>prepared',
    ])
    core.close()
  })

  it('survives a restart: what was committed is there after reopening', async () => {
    const dir = tempDir()
    const a = open(dir)
    await a.capture.capture({
      jobType: 2,
      userId: 'u9',
      jobId: 'persist',
      images: [{ kind: 'selfie', bytes: await solidJpeg() }],
    })
    a.close()
    const b = open(dir)
    expect(b.jobs.require('persist')).toMatchObject({ user_id: 'u9', job_type: 2 })
    b.close()
  })
})
