/**
 * All SQL of the sync engine: which jobs are due, per-job sync bookkeeping, the single-runner
 * lease and small state. Every state change goes through jobsRepo.record inside `change`, so the
 * job's history, its sync row and (for final results) the relay outbox move in one transaction.
 */
import { hostname } from 'node:os'
import type { JobState, JobType } from '../../shared/domain/job'
import type { JobEventName } from '../../shared/domain/job-state.policy'
import type { Statement } from 'better-sqlite3'
import type { Db } from '../store/database'
import type { JobPatch, JobsRepo } from '../store/jobs.repo'

export interface DueJob {
  id: number
  job_id: string
  user_id: string
  job_type: JobType
  state: JobState
  attempts: number
  metadata: string
  next_attempt_at: string | null
}

export interface SyncRow {
  job_id: string
  smile_job_id: string | null
  upload_url: string | null
  upload_expires_at: string | null
  prepared_at: string | null
  prep_count: number
  upload_count: number
  polls: number
  failures: number
  allow_new_enroll: number
  outcome: string | null
}

export type SyncPatch = Partial<Omit<SyncRow, 'job_id'>>

export interface RelayInsert {
  relayId: string
  jobId: string
  userId: string
  body: string
}

/** States sync works on, in the order it prefers them: finishing jobs beats starting new ones. */
const WORK_ORDER: readonly JobState[] = ['submitted', 'uploaded', 'prepared', 'captured']
/**
 * A new job for a user waits while an earlier job of that user has no result yet (an
 * authentication sent before the enrolment is decided would be refused with 2210).
 */
const UNDECIDED = `(p.state IN ('captured', 'prepared', 'uploaded') OR (p.state = 'submitted' AND p.backend_result IS NULL))`

export type SyncRepo = ReturnType<typeof createSyncRepo>

export function createSyncRepo(db: Db, jobs: JobsRepo, clock: () => Date) {
  const now = () => clock().toISOString()
  const cols =
    'j.id, j.job_id, j.user_id, j.job_type, j.state, j.attempts, j.metadata, j.next_attempt_at'
  const userGate = `AND (j.state <> 'captured' OR NOT EXISTS (SELECT 1 FROM jobs p WHERE p.user_id = j.user_id
      AND p.id < j.id AND ${UNDECIDED}))`
  const q = {
    // Two index-ordered range scans per state on jobs_state_next (state, next_attempt_at, id):
    // never-tried jobs (NULL) in capture order, then retries/polls by due time.
    fresh:
      db.prepare(`SELECT ${cols} FROM jobs j WHERE j.state = ? AND j.next_attempt_at IS NULL ${userGate}
      ORDER BY j.id LIMIT ?`),
    due: db.prepare(`SELECT ${cols} FROM jobs j WHERE j.state = ? AND j.next_attempt_at <= ? ${userGate}
      ORDER BY j.next_attempt_at, j.id LIMIT ?`),
    nextDue: db
      .prepare(
        `SELECT min(next_attempt_at) FROM jobs WHERE state = ? AND next_attempt_at IS NOT NULL`,
      )
      .pluck(),
    ensure: db.prepare('INSERT OR IGNORE INTO sync_jobs (job_id) VALUES (?)'),
    get: db.prepare('SELECT * FROM sync_jobs WHERE job_id = ?'),
    insertRelay:
      db.prepare(`INSERT OR IGNORE INTO relay_outbox (relay_id, job_id, user_id, body, created_at, next_attempt_at)
      VALUES (?, ?, ?, ?, ?, ?)`),
    stateGet: db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck(),
    stateSet: db.prepare(`INSERT INTO sync_state (key, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
    stateDel: db.prepare('DELETE FROM sync_state WHERE key = ?'),
    counts: db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state'),
    schedule: db.prepare('UPDATE jobs SET next_attempt_at = ?, last_error = ? WHERE job_id = ?'),
    state: db.prepare('SELECT state FROM jobs WHERE job_id = ?').pluck(),
    shared: db.prepare('SELECT 1 FROM field_job_links WHERE job_id = ? LIMIT 1').pluck(),
  }
  const patchStatements = new Map<string, Statement<unknown[]>>()

  function due(at: Date, limit: number, skip: ReadonlySet<string>): DueJob[] {
    const out: DueJob[] = []
    const want = limit + skip.size
    const iso = at.toISOString()
    for (const state of WORK_ORDER) {
      for (const stmt of ['due', 'fresh'] as const) {
        if (out.length >= limit) return out
        const rows = (
          stmt === 'due' ? q.due.all(state, iso, want) : q.fresh.all(state, want)
        ) as DueJob[]
        for (const r of rows) {
          if (out.length >= limit) break
          if (!skip.has(r.job_id) && !out.some((o) => o.job_id === r.job_id)) out.push(r)
        }
      }
    }
    return out
  }

  /** The job's sync row, created on first use; a read, not a write, once it exists (every poll). */
  function sync(jobId: string): SyncRow {
    const row = q.get.get(jobId) as SyncRow | undefined
    if (row !== undefined) return row
    q.ensure.run(jobId)
    return q.get.get(jobId) as SyncRow
  }

  function patchSync(jobId: string, p: SyncPatch): void {
    const keys = Object.keys(p) as (keyof SyncPatch)[]
    if (keys.length === 0) return
    q.ensure.run(jobId)
    const sql = `UPDATE sync_jobs SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE job_id = ?`
    let stmt = patchStatements.get(sql)
    if (stmt === undefined) {
      stmt = db.prepare<unknown[]>(sql)
      patchStatements.set(sql, stmt)
    }
    stmt.run(...keys.map((k) => p[k] ?? null), jobId)
  }

  /**
   * One atomic step: the job's event (and state change), its sync bookkeeping, and optionally a
   * relay outbox entry. A crash leaves either all of it or none of it.
   */
  function change(
    jobId: string,
    event: string,
    o: {
      transition?: JobEventName
      detail?: Record<string, unknown>
      patch?: JobPatch
      sync?: SyncPatch
      relay?: RelayInsert
    },
  ): JobState {
    return db
      .transaction((): JobState => {
        const to = jobs.record(jobId, event, {
          ...(o.transition ? { transition: o.transition } : {}),
          ...(o.detail ? { detail: o.detail } : {}),
          ...(o.patch ? { patch: o.patch } : {}),
        })
        if (o.sync) patchSync(jobId, o.sync)
        if (o.relay) {
          const r = o.relay
          q.insertRelay.run(r.relayId, r.jobId, r.userId, r.body, now(), now())
        }
        return to
      })
      .immediate()
  }

  function nextDueAt(): string | null {
    let min: string | null = null
    for (const s of WORK_ORDER) {
      const v = q.nextDue.get(s) as string | null
      if (v !== null && (min === null || v < min)) min = v
    }
    return min
  }

  const getState = (key: string): string | undefined => q.stateGet.get(key) as string | undefined
  const setState = (key: string, value: string): void => void q.stateSet.run(key, value, now())

  /**
   * One sync runner per data dir (app loop or CLI), or two engines would upload the same job.
   * A holder that died (SIGKILL) is detected by its pid on this host, else by the lease expiring.
   */
  function acquireLease(ttlMs: number): { ok: true } | { ok: false; holder: string } {
    return db
      .transaction(() => {
        const l = readLease()
        if (l !== undefined) {
          const mine = l.pid === process.pid && l.host === hostname()
          const alive = l.host === hostname() ? pidAlive(l.pid) : l.until > clock().getTime()
          if (!mine && alive && l.until > clock().getTime()) {
            return { ok: false as const, holder: `pid ${l.pid} on ${l.host}` }
          }
        }
        setState(
          'lease',
          JSON.stringify({ pid: process.pid, host: hostname(), until: clock().getTime() + ttlMs }),
        )
        return { ok: true as const }
      })
      .immediate()
  }

  /** An unreadable lease (bytes changed on disk) holds nothing: the next runner takes it over. */
  function readLease(): { pid: number; host: string; until: number } | undefined {
    const raw = getState('lease')
    try {
      return raw === undefined ? undefined : (JSON.parse(raw) as ReturnType<typeof readLease>)
    } catch {
      return undefined
    }
  }

  function releaseLease(): void {
    const l = readLease()
    if (l === undefined) return
    if (l.pid === process.pid && l.host === hostname()) q.stateDel.run('lease')
  }

  function counts(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const { state, n } of q.counts.all() as { state: string; n: number }[]) out[state] = n
    return out
  }

  /**
   * When to look at a job next, without an event: a poll that learnt nothing new is not part of
   * the job's story (history stays readable for a job polled for days).
   */
  function schedule(
    jobId: string,
    nextAttemptAt: Date,
    sync: SyncPatch,
    lastError: { code: string; message: string } | null,
  ): void {
    db.transaction(() => {
      q.schedule.run(
        nextAttemptAt.toISOString(),
        lastError === null ? null : JSON.stringify(lastError),
        jobId,
      )
      patchSync(jobId, sync)
    }).immediate()
  }

  const state = (jobId: string): JobState | undefined => q.state.get(jobId) as JobState | undefined

  /**
   * A job carried by a USB bundle (exported from here, or imported here) may reach the backend
   * from two machines: before uploading it, sync always asks job_status first.
   */
  const shared = (jobId: string): boolean => q.shared.get(jobId) !== undefined

  return {
    due,
    state,
    shared,
    sync,
    patchSync,
    change,
    schedule,
    nextDueAt,
    getState,
    setState,
    acquireLease,
    releaseLease,
    counts,
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}
