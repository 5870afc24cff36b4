/**
 * The sync engine: picks due jobs from the store and advances each (job-steps.ts) with bounded
 * concurrency, stops starting jobs while offline / paused / blocked (connectivity.ts), and drains
 * the relay outbox. `run` works until there is nothing to do before `deadline`; the app's
 * background loop calls it again on a timer and whenever a job is captured.
 */
import type { JobState } from '../../shared/domain/job'
import type { JobsRepo } from '../store/jobs.repo'
import type { ConnectivityState } from './connectivity'
import type { HttpClient } from './http-client'
import { jobStatusBody } from '../protocol/job-status'
import { sign } from '../protocol/signature'
import { advance, type Endpoint, type JobMemory, type StepResult } from './job-steps'
import type { RelaySender } from './relay.service'
import type { DueJob, SyncRepo } from './sync.repo'
import { errorText } from '../../shared/contract/result'

export interface EngineDeps {
  repo: SyncRepo
  jobs: JobsRepo
  http: HttpClient
  endpoint: Endpoint
  relay: RelaySender | null
  /** When the next relay entry is due (ms), if any. */
  relayNextAt: () => number | null
  net: ConnectivityState
  clock: () => Date
  random: () => number
  version: string
  concurrency: number
  changed: (jobId: string, state: JobState) => void
  /** Marks a job being worked on (requests in flight), so an app update waits for it to end. */
  busy?: () => () => void
  crash: (point: string) => void
  /** Cut short a wait (a new capture, stop requested). */
  signal?: AbortSignal
  /**
   * What field mode's clock knows before the first request: a correction to sign with (the
   * backend's time was seen on this boot), and whether the clock is in doubt (it jumped or was
   * reset): then the backend's time is read first, so no request is refused with 2205 for it.
   */
  clockHint?: { offsetMs: number | null; verify: boolean }
}

export interface PassSummary {
  /** Jobs worked on in this pass (a job may be worked on several times). */
  turns: number
  finished: number
  offline: boolean
  blocked: string | null
  relayed: number
  relayFailures: number
  durationMs: number
  clockOffsetSec: number | null
}

export interface Engine {
  /** Works until nothing is due before `deadline`; with stopWhenOffline, also stops once offline. */
  run(opts: { deadline: number; stopWhenOffline?: boolean }): Promise<PassSummary>
  readonly clockOffsetMs: number | null
  wake(): void
  /**
   * With nothing to send, still reach the backend once: a signed job_status for a job that does
   * not exist proves the network, the address and the credentials (and reads the backend's clock).
   * True when the backend answered and accepted the signature.
   */
  checkIn(): Promise<boolean>
}

export function createEngine(d: EngineDeps): Engine {
  const memory = new Map<string, JobMemory>()
  let serverOffsetMs: number | null = null
  let adoptedOffsetMs = d.clockHint?.offsetMs ?? 0
  let clockChecked = d.clockHint?.verify !== true
  let wakeUp: (() => void) | null = null

  const stepDeps = {
    repo: d.repo,
    jobs: d.jobs,
    http: d.http,
    endpoint: d.endpoint,
    clock: d.clock,
    random: d.random,
    version: d.version,
    changed: d.changed,
    crash: d.crash,
    signingNow: () => new Date(d.clock().getTime() + adoptedOffsetMs),
    noteServerDate: (ms: number | null) => {
      if (ms === null) return
      serverOffsetMs = ms - d.clock().getTime()
      // A clock in doubt takes the backend's time at once rather than after a refusal.
      if (d.clockHint?.verify === true && Math.abs(serverOffsetMs - adoptedOffsetMs) >= 60_000) {
        adoptedOffsetMs = serverOffsetMs
      }
    },
    adoptServerClock: () => {
      // Only for a clear difference (the Date header has 1 s resolution) not yet adopted.
      if (serverOffsetMs === null || Math.abs(serverOffsetMs - adoptedOffsetMs) < 60_000) {
        return false
      }
      adoptedOffsetMs = serverOffsetMs
      return true
    },
  }

  function mem(jobId: string): JobMemory {
    let m = memory.get(jobId)
    if (m === undefined) {
      m = { preparedHere: false, putUncertain: false, forceRetry: false, badSignatures: 0 }
      memory.set(jobId, m)
    }
    return m
  }

  /**
   * One unsigned request whose only use is the answer's Date header (job_status without
   * parameters is refused with 2213 and changes nothing). Only when the clock is in doubt.
   */
  async function checkClock(): Promise<void> {
    if (clockChecked) return
    const a = await d.http.postJson(`${d.endpoint.baseUrl}/job_status`, {})
    if (a.kind === 'offline') return
    clockChecked = true
    stepDeps.noteServerDate(a.serverDate)
  }

  async function run(opts: { deadline: number; stopWhenOffline?: boolean }): Promise<PassSummary> {
    const started = d.clock().getTime()
    const inflight = new Map<string, Promise<void>>()
    let turns = 0
    let finished = 0
    let relayed = 0
    let relayFailures = 0

    const note = (r: StepResult): void => {
      if (r.kind === 'offline') d.net.offline(r.reason)
      else if (r.kind === 'blocked') d.net.block(r.reason, d.clock().getTime() + 5 * 60_000)
      else {
        d.net.success()
        if (r.kind === 'paused') d.net.pause(r.untilMs)
        if (r.kind === 'done') finished++
      }
    }

    const start = (job: DueJob): void => {
      turns++
      const idle = d.busy?.()
      const p = advance(stepDeps, job, mem(job.job_id))
        .then(note, (err: unknown) => {
          // A bug or a store failure in one job must not stop the others; the job retries later.
          d.repo.change(job.job_id, 'sync_error', {
            patch: {
              lastError: {
                code: 'internal',
                message: errorText(err),
              },
              nextAttemptAt: new Date(d.clock().getTime() + 60_000).toISOString(),
            },
          })
        })
        .finally(() => {
          idle?.()
          inflight.delete(job.job_id)
          if (d.repo.state(job.job_id) === 'complete') memory.delete(job.job_id)
        })
      inflight.set(job.job_id, p)
    }

    for (;;) {
      if (d.signal?.aborted) break
      const now = d.clock().getTime()
      if (d.net.canStart(now)) {
        const slots = d.net.allowed(d.concurrency) - inflight.size
        if (slots > 0) {
          const due = d.repo.due(d.clock(), slots, new Set(inflight.keys()))
          if (due.length > 0 && !clockChecked) await checkClock()
          for (const job of due) start(job)
        }
      }
      if (d.relay !== null && d.net.state !== 'offline' && inflight.size === 0) {
        const r = await d.relay.deliverDue(4)
        relayed += r.delivered
        relayFailures += r.failed
      }
      if (inflight.size > 0) {
        // Every step ends (HTTP timeouts bound it), so waiting for the first to finish is safe.
        await Promise.race(inflight.values())
        continue
      }
      if (opts.stopWhenOffline && (d.net.state === 'offline' || d.net.blocked !== null)) break
      // Nothing in flight: when is there work next, and is that before the deadline?
      const next = nextWork(d, now)
      if (next === null || next > opts.deadline) break
      await new Promise<void>((resolve) => {
        wakeUp = resolve
        void sleep(Math.max(0, Math.min(next, opts.deadline) - d.clock().getTime()), d.signal).then(
          resolve,
        )
      })
      wakeUp = null
    }
    await Promise.all(inflight.values())
    return {
      turns,
      finished,
      offline: d.net.state === 'offline',
      blocked: d.net.blocked,
      relayed,
      relayFailures,
      durationMs: d.clock().getTime() - started,
      clockOffsetSec: serverOffsetMs === null ? null : Math.round(serverOffsetMs / 1000),
    }
  }

  async function checkIn(): Promise<boolean> {
    await checkClock()
    const body = jobStatusBody(
      { partnerId: d.endpoint.creds.partnerId, userId: 'kiosk-check-in', jobId: 'kiosk-check-in' },
      sign(d.endpoint.creds, stepDeps.signingNow()),
    )
    const a = await d.http.postJson(`${d.endpoint.baseUrl}/job_status`, body)
    if (a.kind === 'offline') {
      d.net.offline(a.reason)
      return false
    }
    stepDeps.noteServerDate(a.serverDate)
    // Refused signature or credentials: reachable, but nothing was synced.
    if (a.status === 401 || a.status === 403) return false
    d.net.success()
    return true
  }

  return {
    run,
    get clockOffsetMs() {
      return serverOffsetMs
    },
    wake: () => wakeUp?.(),
    checkIn,
  }
}

/** The earliest moment with something to do: a due job (once sync may start again) or a relay entry. */
function nextWork(d: EngineDeps, now: number): number | null {
  const due = d.repo.nextDueAt()
  const fresh = d.repo.due(d.clock(), 1, new Set()).length > 0
  let at: number | null = fresh ? now : due === null ? null : Date.parse(due)
  if (at !== null) at = Math.max(at, d.net.resumeAt)
  if (d.relay !== null) {
    const r = d.relayNextAt()
    if (r !== null) at = at === null ? Math.max(r, now) : Math.min(at, Math.max(r, now))
  }
  return at
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const done = () => {
      clearTimeout(t)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const t = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}
