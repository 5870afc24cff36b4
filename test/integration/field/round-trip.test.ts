/**
 * The field round trip, all real processes: laptop A enrols offline (real faces, real local
 * checks), exports to a "USB stick"; branch machine B imports and syncs to the sandbox; later A
 * comes online and syncs too. The sandbox (its own process) must have seen every job prepared once
 * and uploaded once, and both machines must hold the same final results.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sandboxAdmin, type SandboxAdmin } from '../../../electron/sandbox/sandbox-admin.client'
import type { JobDetail, JobSummary } from '../../../electron/shared/domain/job'
import { kiosk, kioskJson, startKiosk } from '../../support/cli'
import { sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import { configureLive, pairMachines, type Pair } from './field-support'

interface SandboxInfo {
  url: string
  origin: string
  partnerId: string
  apiKey: string
}

const root = tempDir('kiosk-field-roundtrip-')
let pair: Pair
let sandbox: { info: SandboxInfo; stop: () => Promise<void> }
let admin: SandboxAdmin

const face = (who: string, n: number) => sharedData('faces', who, `${who}_img${n}.jpg`)
// An enrolment and then an authentication of the same customer (sync must keep their order), a
// second customer whose result goes through simulated human review, and a rejected one.
const JOBS = [
  { jobId: 'field-e1', userId: 'cust-1', cmd: 'enrol', who: 'df_A', imgs: [1, 2, 4], result: '0' },
  { jobId: 'field-a1', userId: 'cust-1', cmd: 'auth', who: 'df_A', imgs: [5, 6], result: '0' },
  { jobId: 'field-e2', userId: 'cust-2', cmd: 'enrol', who: 'df_B', imgs: [3, 12], result: '2' },
  { jobId: 'field-e3', userId: 'cust-3', cmd: 'enrol', who: 'df_C', imgs: [13, 14], result: '1' },
] as const

beforeAll(async () => {
  sandbox = await startKiosk<SandboxInfo>(
    [
      'sandbox',
      '--partner-id',
      '077',
      '--api-key',
      'field-round-trip',
      '--processing-ms',
      '300',
      '--review-delay',
      '1',
      '--no-face-engine',
    ],
    { dataDir: join(root, 'backend') },
  )
  admin = sandboxAdmin(sandbox.info.origin, {
    partnerId: sandbox.info.partnerId,
    apiKey: sandbox.info.apiKey,
  })
  pair = pairMachines(root)
}, 60_000)

afterAll(async () => {
  await admin?.close()
  await sandbox?.stop()
})

describe('field round trip: laptop → USB → branch → backend, exactly once', () => {
  let bundle: string

  it('enrols on the laptop with no backend configured at all', () => {
    for (const j of JOBS) {
      const [selfie, ...frames] = j.imgs.map((n) => face(j.who, n))
      const r = kiosk(
        [
          j.cmd,
          '--user-id',
          j.userId,
          '--job-id',
          j.jobId,
          '--selfie',
          selfie ?? '',
          '--liveness',
          ...frames,
          '--meta',
          `sandbox_result=${j.result}`,
        ],
        { dataDir: pair.laptop },
      )
      expect(r.stderr).toBe('')
      expect(r.code).toBe(0)
    }
    const listed = kioskJson<JobSummary[]>(['jobs', 'list'], { dataDir: pair.laptop })
    expect(listed.map((j) => j.state)).toEqual(['captured', 'captured', 'captured', 'captured'])
  })

  it('exports one bundle that holds no id, name or image in clear', () => {
    const r = kioskJson<{ file: string; jobs: number; images: number; jobIds: string[] }>(
      ['export', '--to', pair.usb],
      { dataDir: pair.laptop },
    )
    bundle = r.file
    expect(r).toMatchObject({ jobs: 4, images: 9, jobIds: JOBS.map((j) => j.jobId) })
    expect(bundle).toMatch(/\/kiosk-[0-9a-f]{8}-\d{8}T\d{6}Z-[0-9a-f]{8}\.kbundle$/)
    const bytes = readFileSync(bundle)
    for (const j of JOBS) {
      expect(bytes.includes(Buffer.from(j.jobId))).toBe(false)
      expect(bytes.includes(Buffer.from(j.userId))).toBe(false)
    }
    const selfie = readFileSync(face('df_A', 1))
    expect(bytes.includes(selfie.subarray(20_000, 20_064))).toBe(false)
    // Exported, not deleted, not moved on: the laptop still holds and would sync them.
    const after = kioskJson<JobDetail>(['jobs', 'show', 'field-e1'], { dataDir: pair.laptop })
    expect(after.state).toBe('captured')
    expect(after.history.map((h) => h.event)).toEqual(['captured', 'exported'])
    // A second export has nothing new to carry.
    const again = kioskJson<{ file: string | null; alreadyExported: number }>(
      ['export', '--to', pair.usb],
      { dataDir: pair.laptop },
    )
    expect(again).toMatchObject({ file: null, alreadyExported: 4 })
  })

  it('the laptop cannot read its own bundle back', () => {
    const r = kiosk(['import', bundle], { dataDir: pair.laptop })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/this machine exported the bundle itself and cannot read it/)
  })

  it('imports on the branch machine under the original ids, metadata and local checks', () => {
    const r = kioskJson<{
      counts: Record<string, number>
      jobs: { jobId: string; fate: string }[]
    }>(['import', bundle], { dataDir: pair.branch })
    expect(r.counts).toEqual({ imported: 4, already_here: 0, conflict: 0 })
    expect(r.jobs.map((j) => [j.jobId, j.fate])).toEqual(JOBS.map((j) => [j.jobId, 'imported']))
    for (const j of JOBS) {
      const a = kioskJson<JobDetail>(['jobs', 'show', j.jobId], { dataDir: pair.laptop })
      const b = kioskJson<JobDetail>(['jobs', 'show', j.jobId], { dataDir: pair.branch })
      expect(b).toMatchObject({ user_id: a.user_id, job_type: a.job_type, state: 'captured' })
      expect(b.metadata).toEqual(a.metadata)
      expect(b.metadata).toMatchObject({ sandbox_result: j.result, capture_clock: { clock: 'ok' } })
      expect(b.local_checks).toEqual(a.local_checks)
      expect(b.local_checks).toHaveProperty('face.decision')
      expect(b.images).toEqual(a.images)
      expect(b.history.map((h) => h.event)).toEqual(['captured', 'imported'])
    }
    const audit = kioskJson<{ action: string; subject: string }[]>(
      ['audit', 'list', '--action', 'field.imported'],
      { dataDir: pair.branch },
    )
    expect(audit).toHaveLength(1)
  })

  it('a second bundle with the same jobs (re-exported: the stick was feared lost) adds nothing', () => {
    const again = kioskJson<{ file: string; jobs: number }>(
      ['export', '--to', pair.usb, '--include-exported'],
      { dataDir: pair.laptop },
    )
    expect(again.jobs).toBe(4)
    const r = kioskJson<{
      counts: Record<string, number>
      jobs: { fate: string; reason: string }[]
    }>(['import', again.file], { dataDir: pair.branch })
    expect(r.counts).toEqual({ imported: 0, already_here: 4, conflict: 0 })
    expect(r.jobs[0]?.reason).toBe('this machine already has it (captured)')
    const listed = kioskJson<JobSummary[]>(['jobs', 'list'], { dataDir: pair.branch })
    expect(listed).toHaveLength(4)
  })

  it('syncs from the branch machine: every job completes, each prepared and uploaded once', async () => {
    configureLive(pair.branch, sandbox.info)
    const r = kioskJson<{ queue: Record<string, number> }>(['sync', '--once', '--wait', '40'], {
      dataDir: pair.branch,
    })
    expect(r.queue).toEqual({ complete: 4 })
    const seen = await admin.jobs()
    expect(seen.map((j) => [j.job_id, j.prep_count, j.upload_count]).sort()).toEqual(
      JOBS.map((j) => [j.jobId, 1, 1]).sort(),
    )
  }, 60_000)

  it('later syncing the laptop too creates no duplicate: it adopts the results', async () => {
    configureLive(pair.laptop, sandbox.info)
    const r = kioskJson<{ queue: Record<string, number> }>(['sync', '--once', '--wait', '30'], {
      dataDir: pair.laptop,
    })
    expect(r.queue).toEqual({ complete: 4 })
    const seen = await admin.jobs()
    expect(seen).toHaveLength(4)
    for (const s of seen) expect([s.job_id, s.prep_count, s.upload_count]).toEqual([s.job_id, 1, 1])
    for (const j of JOBS) {
      const a = kioskJson<JobDetail>(['jobs', 'show', j.jobId], { dataDir: pair.laptop })
      const b = kioskJson<JobDetail>(['jobs', 'show', j.jobId], { dataDir: pair.branch })
      expect(a.backend_result?.SmileJobID).toBe(b.backend_result?.SmileJobID)
      expect(a.backend_result?.ResultCode).toBe(b.backend_result?.ResultCode)
      const adopted = a.history.find((h) => h.event === 'uploaded')
      expect(adopted?.detail).toMatchObject({
        adopted: expect.stringMatching(/not uploaded again/) as unknown,
      })
    }
  }, 60_000)
})
