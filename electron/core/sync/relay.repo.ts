/**
 * SQL of the relay outbox: final results queued for the bank's endpoint. Entries of one user go
 * strictly in order (only the oldest undelivered one of each user is ever due); users do not wait
 * for each other.
 */
import type { Db } from '../store/database'

export interface RelayEntry {
  id: number
  relay_id: string
  job_id: string
  user_id: string
  body: string
  attempts: number
}

export interface RelayCounts {
  pending: number
  delivered: number
  lastError: string | null
  nextAttemptAt: string | null
}

export type RelayRepo = ReturnType<typeof createRelayRepo>

export function createRelayRepo(db: Db, clock: () => Date) {
  const q = {
    heads:
      db.prepare(`SELECT o.id, o.relay_id, o.job_id, o.user_id, o.body, o.attempts FROM relay_outbox o
      WHERE o.delivered_at IS NULL AND o.next_attempt_at <= ?
        AND NOT EXISTS (SELECT 1 FROM relay_outbox p WHERE p.delivered_at IS NULL AND p.user_id = o.user_id AND p.id < o.id)
      ORDER BY o.next_attempt_at, o.id LIMIT ?`),
    delivered: db.prepare(
      'UPDATE relay_outbox SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?',
    ),
    failed: db.prepare(
      'UPDATE relay_outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ? WHERE id = ?',
    ),
    pending: db.prepare('SELECT count(*) FROM relay_outbox WHERE delivered_at IS NULL').pluck(),
    deliveredCount: db
      .prepare('SELECT count(*) FROM relay_outbox WHERE delivered_at IS NOT NULL')
      .pluck(),
    lastError: db
      .prepare(
        `SELECT last_error FROM relay_outbox WHERE delivered_at IS NULL AND last_error IS NOT NULL
      ORDER BY id LIMIT 1`,
      )
      .pluck(),
    nextAt: db
      .prepare('SELECT min(next_attempt_at) FROM relay_outbox WHERE delivered_at IS NULL')
      .pluck(),
    byJob: db.prepare(
      'SELECT relay_id, delivered_at, attempts, last_error FROM relay_outbox WHERE job_id = ? ORDER BY id',
    ),
  }
  return {
    heads: (limit: number): RelayEntry[] =>
      q.heads.all(clock().toISOString(), limit) as RelayEntry[],
    delivered: (id: number) => void q.delivered.run(clock().toISOString(), id),
    failed: (id: number, nextAt: Date, error: string) =>
      void q.failed.run(nextAt.toISOString(), error, id),
    counts: (): RelayCounts => ({
      pending: q.pending.get() as number,
      delivered: q.deliveredCount.get() as number,
      lastError: (q.lastError.get() as string | undefined) ?? null,
      nextAttemptAt: (q.nextAt.get() as string | null) ?? null,
    }),
    forJob: (jobId: string) =>
      q.byJob.all(jobId) as {
        relay_id: string
        delivered_at: string | null
        attempts: number
        last_error: string | null
      }[],
  }
}
