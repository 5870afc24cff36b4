/**
 * job_status: asking whether the backend has a job's zip and its result, verifying the answer's
 * signature, and turning it into the job's next state (acknowledged, provisional, final, refused).
 * Polls that learn nothing new are scheduled without writing history.
 */
import { jobStatusBody, parseJobStatus } from '../protocol/job-status'
import { checkTimestamp, sign, verifySignature } from '../protocol/signature'
import { decideStatus, type StatusDecision } from '../protocol/status.policy'
import type { JobState } from '../../shared/domain/job'
import { pollDelay } from './backoff.policy'
import { apiError, change, refuse, scalar, transient } from './job-outcomes'
import { stop, type JobMemory, type Step, type StepDeps } from './job-step.types'
import type { DueJob, SyncRow } from './sync.repo'

export async function poll(
  d: StepDeps,
  job: DueJob,
  mem: JobMemory,
  state: JobState,
): Promise<Step> {
  const sync = d.repo.sync(job.job_id)
  const check = await status(d, job)
  if (check.kind === 'offline') return stop({ kind: 'offline', reason: check.reason })
  if (check.kind === 'error') return check.step
  if (check.kind === 'unknown_job') {
    change(d, job, 'attention', {
      transition: 'attention',
      patch: {
        lastError: {
          code: 'unknown_job',
          message: `the backend no longer knows this job (smile job ${sync.smile_job_id ?? '?'}); check it in the backend portal`,
        },
      },
    })
    return stop({ kind: 'done' })
  }
  if (check.kind === 'bad_signature') {
    mem.badSignatures++
    if (mem.badSignatures >= 3) {
      change(d, job, 'attention', {
        transition: 'attention',
        patch: {
          lastError: {
            code: 'bad_signature',
            message: `job_status answers fail signature verification (last: ${check.reason}): check backend.apiKey and the device clock, or the connection is being tampered with`,
          },
        },
      })
      return stop({ kind: 'done' })
    }
    return transient(d, job, sync, 'bad_signature', check.reason)
  }
  mem.badSignatures = 0
  d.crash('after-poll-response')
  return applyDecision(d, job, sync, state, check.decision)
}

function applyDecision(
  d: StepDeps,
  job: DueJob,
  sync: SyncRow,
  state: JobState,
  dec: StatusDecision,
): Step {
  const polls = sync.polls + 1
  const wait = (event: string, o: Parameters<typeof change>[3] = {}): Step => {
    const next = new Date(d.clock().getTime() + pollDelay(polls, d.random))
    change(d, job, event, {
      ...o,
      patch: { ...o.patch, nextAttemptAt: next.toISOString() },
      sync: { ...o.sync, polls, failures: 0 },
    })
    return stop({ kind: 'waiting' })
  }
  switch (dec.kind) {
    case 'not_received':
    case 'processing': {
      if (state === 'uploaded' && dec.kind === 'processing') {
        return wait('acknowledged', { transition: 'acknowledged' })
      }
      // Polled without writing history: the job's story has not changed.
      const next = new Date(d.clock().getTime() + pollDelay(polls, d.random))
      const waiting =
        polls >= 5 && dec.kind === 'not_received'
          ? { code: 'waiting', message: `the backend says: ${dec.text}` }
          : null
      d.repo.schedule(job.job_id, next, { polls, failures: 0 }, waiting)
      return stop({ kind: 'waiting' })
    }
    case 'provisional': {
      const prev = d.jobs.get(job.job_id)?.backend_result
      const same =
        prev !== null &&
        prev !== undefined &&
        prev.ResultCode === dec.result.ResultCode &&
        String(prev.IsFinalResult) === String(dec.result.IsFinalResult)
      if (same && state === 'submitted') {
        d.repo.schedule(
          job.job_id,
          new Date(d.clock().getTime() + pollDelay(polls, d.random)),
          { polls, failures: 0 },
          null,
        )
        return stop({ kind: 'waiting' })
      }
      return wait('provisional_result', {
        transition: 'provisional_result',
        detail: { ResultCode: dec.result.ResultCode, outcome: dec.outcome },
        patch: { backendResult: dec.result, lastError: null },
        sync: { outcome: dec.outcome },
      })
    }
    case 'final': {
      const relay = d.endpoint.relayUrl
        ? {
            relayId: `${job.job_id}:${scalar(dec.result.SmileJobID) || (sync.smile_job_id ?? '')}:${scalar(dec.result.ResultCode)}`,
            jobId: job.job_id,
            userId: job.user_id,
            body: JSON.stringify(dec.result),
          }
        : undefined
      change(d, job, 'final_result', {
        transition: 'final_result',
        detail: { ResultCode: dec.result.ResultCode, outcome: dec.outcome },
        patch: { backendResult: dec.result, lastError: null, nextAttemptAt: null },
        sync: { outcome: dec.outcome, polls, failures: 0 },
        ...(relay ? { relay } : {}),
      })
      d.crash('after-result-recorded')
      return stop({ kind: 'done' })
    }
    case 'error':
      return refuse(d, job, dec.error, dec.error.text, dec.result)
  }
}

/**
 * How far a job_status answer's signed timestamp may be from our (backend-corrected) clock. The
 * backend signs each answer as it sends it; an hour leaves room for any clock the backend still
 * accepts our own signatures from.
 */
const ANSWER_WINDOW_MS = 60 * 60_000

export type StatusCheck =
  | { kind: 'decision'; decision: StatusDecision }
  | { kind: 'offline'; reason: string }
  | { kind: 'unknown_job' }
  | { kind: 'bad_signature'; reason: string }
  | { kind: 'error'; step: Step }

export async function status(d: StepDeps, job: DueJob): Promise<StatusCheck> {
  const body = jobStatusBody(
    { partnerId: d.endpoint.creds.partnerId, userId: job.user_id, jobId: job.job_id },
    sign(d.endpoint.creds, d.signingNow()),
  )
  const a = await d.http.postJson(`${d.endpoint.baseUrl}/job_status`, body)
  if (a.kind === 'offline') return { kind: 'offline', reason: a.reason }
  d.noteServerDate(a.serverDate)
  if (a.status === 404) return { kind: 'unknown_job' }
  if (a.kind === 'json' && a.status === 200) {
    const p = parseJobStatus(a.body)
    if (!p.ok) {
      return {
        kind: 'error',
        step: transient(d, job, d.repo.sync(job.job_id), 'bad_response', p.reason),
      }
    }
    if (!verifySignature(d.endpoint.creds, p.status.timestamp, p.status.signature)) {
      return {
        kind: 'bad_signature',
        reason: 'a job_status answer failed signature verification; it was ignored',
      }
    }
    // The signature covers its timestamp only: an old signed answer replayed with another result
    // (or one signed by a clock days off) must not decide the job.
    const age = checkTimestamp(p.status.timestamp, d.signingNow(), ANSWER_WINDOW_MS)
    if (age !== 'ok') {
      return {
        kind: 'bad_signature',
        reason: `a job_status answer was signed ${age === 'in_future' ? 'in the future' : age === 'too_old' ? 'too long ago (replayed?)' : 'with an unreadable timestamp'}; it was ignored`,
      }
    }
    return { kind: 'decision', decision: decideStatus(p.status) }
  }
  return { kind: 'error', step: apiError(d, job, d.repo.sync(job.job_id), a, { retrySent: true }) }
}
