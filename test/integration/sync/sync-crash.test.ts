/**
 * Done-when: the sync process is killed (SIGKILL) at each step of the pipeline and restarted;
 * nothing is lost, nothing is uploaded twice, every job ends complete. The kill is real: the CLI
 * turns KIOSK_SYNC_CRASH_AT into process.kill(self, 'SIGKILL') at that exact point. A second test
 * kills the background sync at random moments while the sandbox also loses answers.
 */
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { JobDetail, JobSummary } from '../../../electron/shared/domain/job'
import { sandboxAdmin, type SandboxAdmin } from '../../../electron/sandbox/sandbox-admin.client'
import { KIOSK_BIN, kioskJson, startKiosk } from '../../support/cli'
import { tempDir } from '../../support/temp'
import { configureLive, seedJobs, type SandboxInfo } from './sync-helpers'

const root = tempDir('kiosk-sync-crash-')
const creds = { partnerId: '077', apiKey: 'crash-test-key' }
let sb: { info: SandboxInfo; stop: () => Promise<void> }
let admin: SandboxAdmin

beforeAll(async () => {
  sb = await startKiosk<SandboxInfo>(
    [
      'sandbox',
      '--partner-id',
      creds.partnerId,
      '--api-key',
      creds.apiKey,
      '--review-delay',
      '0.5',
      '--processing-ms',
      '0',
    ],
    { dataDir: join(root, 'backend') },
  )
  admin = sandboxAdmin(sb.info.origin, creds)
})
afterAll(async () => {
  await admin.close()
  await sb.stop()
})

function syncOnce(
  dataDir: string,
  crashAt?: string,
): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(
    process.execPath,
    [KIOSK_BIN, '--data-dir', dataDir, 'sync', '--once', '--wait', '20'],
    {
      encoding: 'utf8',
      env: { ...process.env, ...(crashAt ? { KIOSK_SYNC_CRASH_AT: crashAt } : {}) },
    },
  )
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr }
}

/**
 * Every job complete, its zip uploaded exactly once. Re-preps are allowed (the sandbox counts a
 * re-prep only when it carried retry: true; without it the answer is 2215 and nothing changes).
 */
async function expectAllDoneOnce(dataDir: string, ids: string[], maxPreps = 2): Promise<void> {
  const list = kioskJson<JobSummary[]>(['jobs', 'list'], { dataDir })
  expect(list.filter((j) => ids.includes(j.job_id)).map((j) => j.state)).toEqual(
    ids.map(() => 'complete'),
  )
  for (const id of ids) {
    const [seen] = await admin.jobs(id)
    expect(seen?.upload_count, `${id} uploads`).toBe(1)
    expect(seen?.prep_count, `${id} preps`).toBeGreaterThanOrEqual(1)
    expect(seen?.prep_count, `${id} preps`).toBeLessThanOrEqual(maxPreps)
    const job = kioskJson<JobDetail>(['jobs', 'show', id], { dataDir })
    const events = job.history.map((h) => h.event)
    expect(
      events.filter((e) => e === 'final_result'),
      id,
    ).toHaveLength(1)
    expect(
      events.filter((e) => e === 'uploaded'),
      id,
    ).toHaveLength(1)
    expect(job.backend_result?.ResultCode).toBe(seen?.result_code)
  }
}

/** Jobs not yet complete, read straight from the store (faster than a CLI call per round). */
function unfinished(dataDir: string): number {
  const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true })
  try {
    return db.prepare(`SELECT count(*) FROM jobs WHERE state <> 'complete'`).pluck().get() as number
  } finally {
    db.close()
  }
}

/** Starts the background sync, lets it work for `ms`, then SIGKILLs it and waits for the exit. */
function runThenKill(dataDir: string, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KIOSK_BIN, '--data-dir', dataDir, 'sync'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), ms))
    child.on('error', reject)
    child.on('exit', (_code, signal) =>
      signal === 'SIGKILL'
        ? resolve()
        : reject(new Error(`sync ended on its own (${String(_code)})`)),
    )
  })
}

const POINTS = [
  'before-prep',
  'after-prep-response',
  'after-prep-recorded',
  'before-put',
  'after-put-response',
  'after-put-recorded',
  'after-poll-response',
  'after-result-recorded',
]

describe('SIGKILL at each step, then restart', () => {
  it.each(POINTS)(
    'killed at %s: every job completes, each zip uploaded exactly once',
    async (point) => {
      const dir = join(root, point)
      configureLive(dir, { url: sb.info.url, ...creds })
      const ids = [0, 1, 2, 3].map((i) => `${point}-${i}`)
      await seedJobs(
        dir,
        ids.map((id, i) => ({ jobId: id, userId: `u-${id}`, sandboxResult: i === 3 ? '2' : '0' })),
      )

      // The 2nd time any job reaches the point: other jobs are mid-flight at other steps.
      const crashed = syncOnce(dir, `${point}:2`)
      expect(crashed.signal, crashed.stderr).toBe('SIGKILL')

      const again = syncOnce(dir)
      expect(again.status, again.stdout + again.stderr).toBe(0)
      await expectAllDoneOnce(dir, ids)
    },
  )
})

describe('SIGKILL at random moments while the network loses answers', () => {
  it('20 jobs, the background sync killed every few hundred ms until done: none lost, none uploaded twice', async () => {
    const dir = join(root, 'random')
    configureLive(dir, { url: sb.info.url, ...creds })
    const ids = Array.from({ length: 20 }, (_, i) => `rnd-${i}`)
    await seedJobs(
      dir,
      ids.map((id, i) => ({
        jobId: id,
        userId: `ru-${i}`,
        sandboxResult: i % 5 === 0 ? '2' : '0',
      })),
    )
    // Results now take 300 ms to appear, as behind S3: kills land between upload and result too.
    await admin.faults({
      dropAfterRate: 0.15,
      dropRate: 0.05,
      latencyMs: 15,
      seed: 7,
      processingMs: 300,
    })
    try {
      let kills = 0
      for (let round = 0; round < 60; round++) {
        await runThenKill(dir, 150 + Math.floor(Math.random() * 350))
        kills++
        if (unfinished(dir) === 0) break
      }
      expect(kills).toBeGreaterThan(1)
      await admin.faults({ dropAfterRate: 0, dropRate: 0, latencyMs: 0, processingMs: 0 })
      // Whatever is left after the last kill, a clean pass finishes it.
      expect(syncOnce(dir).status).toBe(0)
      // Kills between a prep and its bookkeeping can repeat: any number of retry-preps is fine.
      await expectAllDoneOnce(dir, ids, Number.POSITIVE_INFINITY)
    } finally {
      await admin.faults({ dropAfterRate: 0, dropRate: 0, latencyMs: 0, processingMs: 0 })
    }
  }, 240_000)
})
