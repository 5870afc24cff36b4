/**
 * Done-when: `kiosk enrol` × N with no backend reachable, then `kiosk sync --once` against the
 * sandbox: all N complete with results, and the sandbox saw each job prepared and uploaded once.
 * Real processes: the built CLI for the kiosk and `kiosk sandbox` for the backend.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { SyncRunSummary, SyncStatus } from '../../../electron/shared/contract/sync.contract'
import type { JobDetail, JobSummary } from '../../../electron/shared/domain/job'
import { sandboxAdmin } from '../../../electron/sandbox/sandbox-admin.client'
import { kiosk, kioskJson, startKiosk } from '../../support/cli'
import { sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import { configureLive, freePort, type SandboxInfo } from './sync-helpers'

const root = tempDir('kiosk-sync-cli-')
const stops: (() => Promise<void>)[] = []
afterAll(async () => {
  for (const s of stops) await s()
})

const face = (n: number) => sharedData('faces', 'fr_obama', `fr_obama_${n}.jpg`)

describe('kiosk sync --once against `kiosk sandbox`', () => {
  it('enrol × 5 while the backend is down, then one pass sends each job once and stores every result', async () => {
    const kioskDir = join(root, 'kiosk')
    const port = await freePort()
    const url = `http://127.0.0.1:${port}/v1`
    configureLive(kioskDir, { url, partnerId: '042', apiKey: 'cli-test-key' })

    // Captured with nothing listening: capture never needs the network.
    const plan = [
      ['enrol', 'alice', '0'],
      ['enrol', 'bob', '1'],
      ['enrol', 'carol', '2'],
      ['enrol', 'dave', '0'],
      ['auth', 'alice', '0'],
    ] as const
    const ids: string[] = []
    for (const [cmd, user, forced] of plan) {
      const job = kioskJson<JobDetail>(
        [
          cmd,
          '--user-id',
          user,
          '--selfie',
          face(1),
          '--liveness',
          face(2),
          face(3),
          '--meta',
          `sandbox_result=${forced}`,
        ],
        { dataDir: kioskDir },
      )
      expect(job.state).toBe('captured')
      ids.push(job.job_id)
    }

    // No backend yet: the pass says so, exits 1, and nothing moves.
    const down = kiosk(['sync', '--once'], { dataDir: kioskDir })
    expect(down.code).toBe(1)
    expect(down.stdout).toContain('Backend unreachable: the backend refused the connection')
    expect(
      kioskJson<JobSummary[]>(['jobs', 'list'], { dataDir: kioskDir }).map((j) => j.state),
    ).toEqual(Array(5).fill('captured'))

    const sb = await startKiosk<SandboxInfo>(
      [
        'sandbox',
        '--port',
        String(port),
        '--partner-id',
        '042',
        '--api-key',
        'cli-test-key',
        '--review-delay',
        '3',
      ],
      { dataDir: join(root, 'backend') },
    )
    stops.push(sb.stop)
    const run = kioskJson<SyncRunSummary>(['sync', '--once', '--wait', '30'], { dataDir: kioskDir })
    expect(run).toMatchObject({
      mode: 'live',
      offline: false,
      blocked: null,
      queue: { complete: 5 },
    })

    const jobs = ids.map((id) => kioskJson<JobDetail>(['jobs', 'show', id], { dataDir: kioskDir }))
    expect(jobs.map((j) => [j.user_id, j.state, j.backend_result?.ResultCode])).toEqual([
      ['alice', 'complete', '0840'],
      ['bob', 'complete', '0841'],
      ['carol', 'complete', '1240'],
      ['dave', 'complete', '0840'],
      ['alice', 'complete', '0820'],
    ])
    // The sandbox answers as behind S3 (result ~1 s after the upload): acknowledged first, then
    // the machine's provisional result, then the reviewed final one, all in the history.
    expect(jobs[2]?.history.map((h) => h.event)).toEqual([
      'captured',
      'prepared',
      'uploaded',
      'acknowledged',
      'provisional_result',
      'final_result',
    ])
    for (const j of jobs) {
      expect(j.attempts).toBe(1)
      expect(j.last_error).toBeNull()
      expect(j.backend_result?.Actions).toBeTypeOf('object')
    }

    const admin = sandboxAdmin(sb.info.origin, { partnerId: '042', apiKey: 'cli-test-key' })
    try {
      const seen = await admin.jobs()
      expect(seen).toHaveLength(5)
      for (const s of seen) {
        expect([s.job_id, s.prep_count, s.upload_count]).toEqual([s.job_id, 1, 1])
      }
    } finally {
      await admin.close()
    }

    // What staff read: backend result, Actions, result text, attempts, last error.
    const shown = kiosk(['jobs', 'show', ids[1] ?? ''], { dataDir: kioskDir })
    expect(shown.code).toBe(0)
    expect(shown.stdout).toMatch(/result:\s+0841 Failed Enroll/)
    expect(shown.stdout).toContain('Liveness_Check: Failed')
    expect(shown.stdout).toMatch(/attempts: 1/)

    const status = kioskJson<SyncStatus>(['sync', 'status'], { dataDir: kioskDir })
    expect(status).toMatchObject({ mode: 'live', connectivity: 'online', queue: { complete: 5 } })

    // Each outcome is in the audit trail, which still verifies.
    const trail = kioskJson<{ action: string; subject: string; detail: Record<string, unknown> }[]>(
      ['audit', 'list'],
      { dataDir: kioskDir },
    )
    const outcomes = trail.filter((e) => e.action === 'sync.complete')
    expect(outcomes.map((e) => e.subject).sort()).toEqual([...ids].sort())
    expect(outcomes.find((e) => e.subject === ids[1])?.detail).toMatchObject({ resultCode: '0841' })
    expect(kiosk(['audit', 'verify'], { dataDir: kioskDir }).code).toBe(0)
  })

  it('demo mode (a fresh install): syncs to the bundled sandbox and keeps its credentials sealed', async () => {
    const dir = join(root, 'demo')
    const a = kioskJson<JobDetail>(
      [
        'enrol',
        '--user-id',
        'demo-1',
        '--selfie',
        face(1),
        '--liveness',
        face(2),
        '--meta',
        'sandbox_result=0',
      ],
      { dataDir: dir },
    )
    const first = kioskJson<SyncRunSummary>(['sync', '--once'], { dataDir: dir })
    expect(first).toMatchObject({ mode: 'demo', queue: { complete: 1 } })
    expect(first.backendUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/)

    const human = kiosk(['sync', '--once'], { dataDir: dir })
    expect(human.stdout).toMatch(
      /^Sync \(demo mode, bundled sandbox at http:\/\/127\.0\.0\.1:\d+\/v1\): 0 jobs finished/,
    )

    // Second run: same sandbox store and credentials (the job is known to it), same port.
    const b = kioskJson<JobDetail>(
      ['enrol', '--user-id', 'demo-2', '--selfie', face(1), '--meta', 'sandbox_result=0'],
      { dataDir: dir },
    )
    const second = kioskJson<SyncRunSummary>(['sync', '--once'], { dataDir: dir })
    expect(second.backendUrl).toBe(first.backendUrl)
    expect(second.queue).toMatchObject({ complete: 2 })
    expect(
      [a.job_id, b.job_id].map(
        (id) =>
          kioskJson<JobDetail>(['jobs', 'show', id], { dataDir: dir }).backend_result?.ResultCode,
      ),
    ).toEqual(['0840', '0840'])

    // The demo API key is in the sandbox's store (it is the server) but never in clear in the kiosk's.
    const { default: Database } = await import('better-sqlite3')
    const sbDb = new Database(join(dir, 'sandbox', 'sandbox.db'), { readonly: true })
    const key = (sbDb.prepare('SELECT api_key FROM partner').get() as { api_key: string }).api_key
    sbDb.close()
    expect(key.length).toBeGreaterThan(20)
    for (const f of ['kiosk.db', 'kiosk.db-wal']) {
      let bytes: Buffer
      try {
        bytes = readFileSync(join(dir, f))
      } catch {
        continue
      }
      expect(bytes.includes(Buffer.from(key))).toBe(false)
    }
  })

  it('refuses bad input with one line and exit 2', () => {
    const r = kiosk(['sync', '--once', '--wait', 'soon'], { dataDir: join(root, 'bad') })
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain('--wait is a whole number')
    const s = kiosk(['sandbox', '--error-rate', '2'], { dataDir: join(root, 'bad') })
    expect(s.code).toBe(2)
    expect(s.stderr).toContain('--error-rate is a number from 0 to 1')
    const live = kiosk(['settings', 'set', 'backend.mode', 'live'], { dataDir: join(root, 'bad') })
    expect(live.code).toBe(0)
    const unconfigured = kiosk(['sync', '--once'], { dataDir: join(root, 'bad') })
    expect(unconfigured.code).toBe(2)
    expect(unconfigured.stderr).toMatch(/live mode is not configured: live mode needs backend.url/)
  })
})
