/**
 * How a step ends when it did not simply succeed: a backend error code mapped through the error
 * table, a transient failure scheduled with backoff, or a refusal that parks the job for staff.
 */
import { classifyErrorCode, type ErrorCodeInfo } from '../protocol/error-codes'
import { backoffDelay, parseRetryAfter, retryDelay, RETRY_BACKOFF } from './backoff.policy'
import type { Answer } from './http-client'
import { NEXT, stop, type JobMemory, type Step, type StepDeps } from './job-step.types'
import type { DueJob, SyncRepo, SyncRow } from './sync.repo'

/** A non-200 answer: map its code through the error table. */
export function apiError(
  d: StepDeps,
  job: DueJob,
  sync: SyncRow,
  a: Exclude<Answer, { kind: 'offline' }>,
  o: { retrySent: boolean; mem?: JobMemory },
): Step {
  const retryAfter = overloadWait(d, a.status, a.headers, sync.failures)
  const body =
    a.kind === 'json' && a.body !== null && typeof a.body === 'object'
      ? (a.body as Record<string, unknown>)
      : {}
  const code = scalar(body.code) || undefined
  const said =
    typeof body.error === 'string'
      ? body.error
      : typeof body.message === 'string'
        ? body.message
        : ''
  if (code === undefined) {
    return transient(
      d,
      job,
      sync,
      `http_${a.status}`,
      `the backend answered HTTP ${a.status}${said ? `: ${said}` : ''}`,
      retryAfter,
    )
  }
  const info = classifyErrorCode(code)
  if (info.action === 'reprep') {
    if (!o.retrySent && o.mem) {
      o.mem.forceRetry = true
      return NEXT
    }
    return transient(d, job, sync, code, info.staff, retryAfter)
  }
  if (code === '2205' && d.adoptServerClock()) return NEXT
  if (info.disposition === 'retryable') return transient(d, job, sync, code, info.staff, retryAfter)
  if (info.scope === 'account') {
    d.repo.change(job.job_id, 'sync_error', {
      detail: { code },
      patch: { lastError: { code, message: info.staff } },
    })
    return stop({
      kind: 'blocked',
      reason: `${info.staff} (backend said ${code}${said ? `: ${said}` : ''})`,
    })
  }
  return refuse(d, job, info, said || info.text, null)
}

/**
 * How long the whole kiosk should hold off after this answer: the backend's Retry-After, or, when
 * it says it is overloaded (429, 503) without one, our own jittered backoff. Null: only this job waits.
 */
const MAX_OVERLOAD_WAIT_MS = 6 * 3_600_000

export function overloadWait(
  d: StepDeps,
  status: number,
  headers: Record<string, string>,
  failures: number,
): number | null {
  const asked = parseRetryAfter(headers['retry-after'], d.clock())
  // Capped as a job's own wait is (retryDelay): "Retry-After: 99999999999999999999" held every
  // job of the app's background sync back until a restart, not just this one for 6 hours.
  if (asked !== null) return Math.min(asked, MAX_OVERLOAD_WAIT_MS)
  if (status !== 429 && status !== 503) return null
  return backoffDelay(failures + 1, RETRY_BACKOFF, d.random)
}

/** Terminal → failed; user-specific attention → needs_attention. The reason is kept for staff. */
export function refuse(
  d: StepDeps,
  job: DueJob,
  info: ErrorCodeInfo,
  said: string,
  result: Record<string, unknown> | null,
): Step {
  const event = info.disposition === 'terminal' ? 'rejected' : 'attention'
  change(d, job, event, {
    transition: event,
    detail: { code: info.code, said },
    patch: {
      lastError: { code: info.code, message: `${info.staff} (backend: ${said})` },
      attempts: bump(job),
      nextAttemptAt: null,
      ...(result ? { backendResult: result } : {}),
    },
  })
  return stop({ kind: 'done' })
}

export function transient(
  d: StepDeps,
  job: DueJob,
  sync: SyncRow,
  code: string,
  message: string,
  retryAfterMs: number | null = null,
): Step {
  const failures = sync.failures + 1
  const delay = retryDelay(backoffDelay(failures, RETRY_BACKOFF, d.random), retryAfterMs)
  const next = new Date(d.clock().getTime() + delay)
  d.repo.change(job.job_id, 'sync_error', {
    detail: { code, retry_in_s: Math.round(delay / 1000) },
    patch: {
      lastError: { code, message },
      nextAttemptAt: next.toISOString(),
      attempts: bump(job),
    },
    sync: { failures },
  })
  if (retryAfterMs !== null) {
    // Up to half again on top of what the backend asked, so kiosks it refused in the same second
    // do not all come back in the same second.
    const jitter = d.random() * (retryAfterMs / 2)
    return stop({
      kind: 'paused',
      untilMs: d.clock().getTime() + retryAfterMs + jitter,
      reason: message,
    })
  }
  return stop({ kind: 'waiting' })
}

export function change(
  d: StepDeps,
  job: DueJob,
  event: string,
  o: Parameters<SyncRepo['change']>[2],
): void {
  const to = d.repo.change(job.job_id, event, o)
  if (o.transition !== undefined) d.changed(job.job_id, to)
}

/** One attempt per pickup of a job: the first bookkeeping write of a turn counts it. */
const counted = new WeakSet<DueJob>()
export function bump(job: DueJob): number {
  if (!counted.has(job)) {
    counted.add(job)
    job.attempts += 1
  }
  return job.attempts
}

/** A string or number as text; anything else (objects, null) as ''. */
export const scalar = (v: unknown): string =>
  typeof v === 'string' || typeof v === 'number' ? String(v) : ''
