/**
 * The engine wired into jobs: capturing runs the local checks and stores them, 1:N on enrolment,
 * 1:1 against the kiosk's own template on authentication, templates encrypted, missing models
 * never block a capture. Through the built CLI, on a real store.
 */
import { copyFileSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import type { JobDetail } from '../../../electron/shared/domain/job'
import { kiosk, kioskJson } from '../../support/cli'
import { sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import { MODELS_DIR, testEngine } from './engine-support'

const alice1 = sharedData('faces', 'df_A', 'df_A_img1.jpg')
const alice2 = sharedData('faces', 'df_A', 'df_A_img6.jpg')
const alice3 = sharedData('faces', 'df_A', 'df_A_img7.jpg')
const obama = sharedData('faces', 'fr_obama', 'fr_obama_1.jpg')

type Face = Record<string, unknown> & {
  decision: string
  label: string
  warnings: { code: string; severity: string }[]
}
const faceChecks = (job: JobDetail) => (job.local_checks as { face: Face }).face
const capture = (dataDir: string, args: string[], env?: NodeJS.ProcessEnv) =>
  faceChecks(kioskJson<JobDetail>(args, { dataDir, ...(env ? { env } : {}) }))

describe('local checks on capture', () => {
  const dataDir = tempDir()

  it('an enrolment passes quality and liveness, and records the execution provider', () => {
    const f = capture(dataDir, [
      'enrol',
      '--user-id',
      'alice',
      '--job-id',
      'enrol-alice',
      '--selfie',
      alice1,
    ])
    expect([f.decision, f.label]).toEqual(['PASSED', 'OK'])
    expect(f.engine).toMatchObject({ provider: 'cpu', requested: 'auto' })
    expect(f.quality).toMatchObject({ decision: 'PASSED', issues: [] })
    expect(f.liveness).toMatchObject({ decision: 'PASSED', live: true, threshold: 0.5 })
    expect(f.duplicates).toMatchObject({ decision: 'PASSED', searched: 0 })
    expect(f.matchSelfie).toMatchObject({ SelfieImageAnalysis: { Result: 'Passed' } })
    expect(JSON.stringify(f)).not.toMatch(/embedding/)
  })

  it('the same face enrolling as another user is flagged REPEATED_FACE with the earlier job', () => {
    const f = capture(dataDir, [
      'enrol',
      '--user-id',
      'mallory',
      '--job-id',
      'enrol-mallory',
      '--selfie',
      alice2,
    ])
    expect([f.decision, f.label]).toEqual(['WARNING', 'REPEATED_FACE'])
    expect(f.duplicates).toMatchObject({
      faceSearchFindings: { status: 'DONE', findings: ['enrol-alice'] },
      matches: [{ userId: 'alice', jobId: 'enrol-alice' }],
    })
    expect(f.warnings.map((w) => w.code)).toEqual(['REPEATED_FACE'])
  })

  it('an authentication is checked against the kiosk’s own template, offline', () => {
    const ok = capture(dataDir, [
      'auth',
      '--user-id',
      'alice',
      '--job-id',
      'auth-ok',
      '--selfie',
      alice3,
    ])
    expect(ok.enrolledMatch).toMatchObject({ decision: 'PASSED', match: true, threshold: 0.45 })
    expect(ok.matchSelfie).toMatchObject({ SelfieScores: [{ Name: 'EnrolledTemplate' }] })

    const impostor = capture(dataDir, [
      'auth',
      '--user-id',
      'alice',
      '--job-id',
      'auth-bad',
      '--selfie',
      obama,
    ])
    expect([impostor.decision, impostor.label]).toEqual(['REJECTED', 'FAILED'])
    expect(impostor.enrolledMatch).toMatchObject({ decision: 'REJECTED', match: false })
    expect(impostor.warnings.map((w) => [w.code, w.severity])).toEqual([['FACE_MISMATCH', 'High']])
    expect(JSON.stringify(impostor.warnings)).toMatch(/similarity score: -?0\.\d\d\./)
  })

  it('an authentication with no enrolment on this kiosk says so, without failing', () => {
    const f = capture(dataDir, ['auth', '--user-id', 'bob', '--selfie', obama])
    expect(f.decision).toBe('PASSED')
    expect(f.enrolledMatch).toMatchObject({
      decision: 'NOT_EXECUTED',
      label: 'PRECONDITION_NOT_FULFILLED',
      reason: 'no face enrolled for this user on this kiosk',
    })
  })

  it('a spoofed selfie is rejected as RECAPTURED_FACE and never becomes a template', () => {
    const f = capture(dataDir, [
      'enrol',
      '--user-id',
      'spoofer',
      '--selfie',
      sharedData('liveness', 'sfas_image_F2.jpg'),
    ])
    expect([f.decision, f.label]).toEqual(['REJECTED', 'FAILED'])
    expect(f.warnings.map((w) => w.code)).toContain('RECAPTURED_FACE')
    const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true })
    const users = db.prepare('SELECT user_id FROM face_templates ORDER BY id').pluck().all()
    db.close()
    expect(users).toEqual(['alice', 'mallory'])
  })

  it('selfie vs ID portrait: a different person is a WARNING / DIFFERENT_PERSON', () => {
    const f = capture(dataDir, [
      'enrol',
      '--user-id',
      'carol',
      '--selfie',
      obama,
      '--id-front',
      sharedData('mrz', 'pe_passport-td3.jpg'),
    ])
    expect(f.documentMatch).toMatchObject({
      decision: 'WARNING',
      label: 'DIFFERENT_PERSON',
      match: false,
    })
    expect(f.warnings.map((w) => w.code)).toContain('FACE_MISMATCH')
  })

  it('a selfie with no face is refused by the quality gate; comparisons do not run', () => {
    const dir = tempDir()
    const f = capture(dir, [
      'auth',
      '--user-id',
      'alice',
      '--selfie',
      sharedData('mrz', 'pe_100_id-che.jpg'),
    ])
    expect([f.decision, f.label]).toEqual(['REJECTED', 'FAILED'])
    expect(f.warnings.map((w) => w.code)).toEqual(['SELFIE_FACE_NOT_FOUND'])
    expect(f.liveness).toMatchObject({
      decision: 'NOT_EXECUTED',
      label: 'PRECONDITION_NOT_FULFILLED',
    })
    expect(f.enrolledMatch).toMatchObject({ decision: 'NOT_EXECUTED' })
  })
})

describe('templates are encrypted at rest', () => {
  it('no embedding bytes in the database file or its WAL', async () => {
    const dataDir = tempDir()
    capture(dataDir, ['enrol', '--user-id', 'alice', '--selfie', alice1])
    const engine = testEngine()
    const e = (await engine.analyse(readFileSync(alice1), { liveness: false })).embedding
    if (!e) throw new Error('no embedding')
    const needle = Buffer.from(e.buffer, e.byteOffset, 32)
    const files = ['kiosk.db', 'kiosk.db-wal'].map((f) => {
      try {
        return readFileSync(join(dataDir, f))
      } catch {
        return Buffer.alloc(0)
      }
    })
    // The database must be there, or the search below proves nothing.
    expect(files[0]!.byteLength).toBeGreaterThan(0)
    for (const f of files) expect(f.includes(needle)).toBe(false)
  })
})

describe('without models', () => {
  it('the capture is still saved; its face checks say NOT_EXECUTED and name the file', () => {
    const dataDir = tempDir()
    const models = tempDir('kiosk-models-')
    copyFileSync(join(MODELS_DIR, 'manifest.json'), join(models, 'manifest.json'))
    const job = kioskJson<JobDetail>(
      ['enrol', '--user-id', 'dave', '--job-id', 'no-models', '--selfie', alice1],
      {
        dataDir,
        env: { KIOSK_MODELS_DIR: models },
      },
    )
    expect(job.state).toBe('captured')
    const f = faceChecks(job)
    expect(f).toMatchObject({
      decision: 'NOT_EXECUTED',
      label: 'TECHNICAL_ERROR',
      error: { code: 'models_missing' },
    })
    expect(f.reason).toMatch(/face_detection_yunet_2023mar_dynamic\.onnx is not in/)
    expect(kioskJson<JobDetail>(['jobs', 'show', 'no-models'], { dataDir }).images).toHaveLength(1)
  })
})

describe('kiosk doctor', () => {
  it('reports the execution provider the face engine actually runs on, and why not CUDA', () => {
    const dataDir = tempDir()
    const r = kiosk(['doctor', '--no-probe', '--json'], { dataDir })
    const info = JSON.parse(r.stdout) as { executionProviders: Record<string, unknown> }
    expect(info.executionProviders).toMatchObject({ chosen: 'cpu', requested: 'auto' })
    expect(info.executionProviders.available).toContain('cpu')
    const fallbacks = info.executionProviders.fallbacks as { provider: string; reason: string }[]
    expect(fallbacks.map((f) => f.provider)).toEqual(['cuda'])
    expect(fallbacks[0]?.reason).toMatch(/CUDA provider library .* is not installed/)
    const text = kiosk(['doctor', '--no-probe'], { dataDir }).stdout
    expect(text).toMatch(
      /face engine runs on cpu \(asked: auto\)\n +cuda not used: CUDA provider library/,
    )
  })

  it('honours KIOSK_INFERENCE_PROVIDER=cpu: nothing else is tried', () => {
    const r = kiosk(['doctor', '--no-probe', '--json'], {
      dataDir: tempDir(),
      env: { KIOSK_INFERENCE_PROVIDER: 'cpu' },
    })
    const info = JSON.parse(r.stdout) as { executionProviders: Record<string, unknown> }
    expect(info.executionProviders).toMatchObject({
      chosen: 'cpu',
      requested: 'cpu',
      fallbacks: [],
    })
  })
})
