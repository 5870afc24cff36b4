/**
 * Sync as the rest of the core sees it: status, one pass (`kiosk sync --once`, `sync:run`), the
 * app's background loop, and staff retry. It opens its own connection to the kiosk database with
 * synchronous = NORMAL: still durable against a killed process (WAL), and sync progress lost to a
 * power cut is re-derived from the backend (2215 → retry, job_status before re-upload), so the
 * fsync per step that captures need would only slow sync down (4 ms each on the build machine).
 */
import type { SyncStatus, SyncRunSummary } from '../../shared/contract/sync.contract'
import { activeLivenessFailed } from '../../shared/liveness/liveness-record'
import { AppError, errorText } from '../../shared/contract/result'
import type { JobDetail, JobState } from '../../shared/domain/job'
import type { Keyring } from '../crypto/keyring'
import type { EventBus } from '../events'
import type { Logger } from '../log'
import { appVersion } from '../paths'
import type { Settings } from '../../shared/domain/settings.schema'
import type { SettingsService } from '../settings/settings.service'
import { openDatabase, type Db } from '../store/database'
import { createJobsRepo, type JobsRepo } from '../store/jobs.repo'
import { liveEndpoint, startDemoBackend, type DemoBackend } from './backend-endpoint'
import { createConnectivity } from './connectivity'
import { createHttpClient } from './http-client'
import type { Endpoint } from './job-steps'
import { createRelayRepo, type RelayRepo } from './relay.repo'
import { createRelaySender } from './relay.service'
import { createEngine, type PassSummary } from './sync-engine'
import { createSyncRepo, type SyncRepo } from './sync.repo'

export interface SyncServiceDeps {
  dbPath: string
  dataDir: string
  modelsDir: string
  keyring: Keyring
  settings: SettingsService
  events: EventBus
  log: Logger
  clock: () => Date
  /** Field mode's clock (core/field/clock.service): corrections before a pass, the backend's time after. */
  clockAdvisor?: ClockAdvisor
  /** Told of every job sync moves to a final or blocked state (the audit trail records it). */
  onOutcome?: (jobId: string, state: JobState) => void
  /** Marks work in flight (the update policy never restarts the app in the middle of an upload). */
  busy?: () => () => void
}

const OUTCOME_STATES: readonly JobState[] = ['complete', 'failed', 'needs_attention']

export interface ClockAdvisor {
  /** A known correction to sign with, and whether the clock is in doubt (check it first). */
  beforeSync(): { offsetMs: number | null; verify: boolean }
  /** The backend's clock minus this device's, as measured by the pass that just ended. */
  noteServerOffset(offsetMs: number): void
  /** One line when the clock looks wrong, for sync status. */
  warning(): string | null
}

export interface RunOptions {
  /** How long to keep polling for results that are not in yet (seconds). */
  waitSec?: number
  /** Overrides sync.concurrency (bench, tests). */
  concurrency?: number
  /** Test hook: called at named points of each step (the CLI maps KIOSK_SYNC_CRASH_AT to SIGKILL). */
  crash?: (point: string) => void
}

interface Store {
  db: Db
  jobs: JobsRepo
  repo: SyncRepo
  relay: RelayRepo
}

const LEASE_TTL_MS = 30_000
const CHECK_IN_EVERY_MS = 3_600_000

export type SyncService = ReturnType<typeof createSyncService>

export function createSyncService(deps: SyncServiceDeps) {
  let store: Store | null = null
  let demo: Promise<DemoBackend> | null = null
  let demoBackend: DemoBackend | null = null
  const net = createConnectivity(deps.clock, Math.random)
  let running = false
  let lastPass: (PassSummary & { at: string }) | null = null
  let loop: { stop: AbortController; done: Promise<void> } | null = null
  let clockOffsetSec: number | null = null

  function open(): Store {
    if (store !== null) return store
    const db = openDatabase(deps.dbPath)
    db.pragma('synchronous = NORMAL')
    const jobs = createJobsRepo(db, deps.keyring, deps.clock)
    store = {
      db,
      jobs,
      repo: createSyncRepo(db, jobs, deps.clock),
      relay: createRelayRepo(db, deps.clock),
    }
    return store
  }

  async function endpoint(s: Store, settings: Settings): Promise<Endpoint> {
    if (settings['backend.mode'] === 'live') return liveEndpoint(settings)
    demo ??= startDemoBackend({
      dataDir: deps.dataDir,
      keyring: deps.keyring,
      repo: s.repo,
      modelsDir: deps.modelsDir,
    }).then((d) => (demoBackend = d))
    try {
      return {
        ...(await demo).endpoint,
        relayUrl: settings['relay.url'] || undefined,
        callbackUrl: settings['backend.callbackUrl'] || undefined,
      }
    } catch (err) {
      demo = null
      throw err
    }
  }

  /** Passes in this process run one after another (the lease keeps other processes out). */
  let turn: Promise<unknown> = Promise.resolve()
  let loopPass: AbortController | null = null
  function inTurn<T>(fn: () => Promise<T>): Promise<T> {
    const mine = turn.then(fn, fn)
    turn = mine.catch(() => undefined)
    return mine
  }

  /** One pass under the lease: nothing else may sync this data dir meanwhile. */
  async function pass(
    o: RunOptions & { deadline: number; stopWhenOffline: boolean; signal?: AbortSignal },
  ): Promise<PassSummary> {
    const s = open()
    const lease = s.repo.acquireLease(LEASE_TTL_MS)
    if (!lease.ok) {
      throw new AppError(
        'conflict',
        `another sync is already running for this data folder (${lease.holder}); let it finish or stop it`,
      )
    }
    const renew = setInterval(() => s.repo.acquireLease(LEASE_TTL_MS), LEASE_TTL_MS / 3)
    renew.unref()
    running = true
    // Read once per pass (each read unseals backend.apiKey).
    const settings = deps.settings.read()
    const ep = await endpoint(s, settings).catch((err: unknown) => {
      clearInterval(renew)
      running = false
      s.repo.releaseLease()
      throw err
    })
    const http = createHttpClient({
      ca: ep.ca,
      maxRequestsPerSec: settings['sync.maxRequestsPerSec'],
    })
    const relay = ep.relayUrl
      ? createRelaySender({
          repo: s.relay,
          url: ep.relayUrl,
          creds: ep.creds,
          clock: deps.clock,
          random: Math.random,
          ca: ep.ca,
          crash: o.crash ?? noop,
        })
      : null
    const concurrency = o.concurrency ?? settings['sync.concurrency']
    const engine = createEngine({
      repo: s.repo,
      jobs: s.jobs,
      http,
      endpoint: ep,
      relay,
      relayNextAt: () => {
        const at = s.relay.counts().nextAttemptAt
        return at === null ? null : Date.parse(at)
      },
      net,
      clock: deps.clock,
      random: Math.random,
      version: appVersion(),
      concurrency,
      changed: (jobId, state) => {
        deps.events.emit('jobs:changed', { jobId, state })
        if (OUTCOME_STATES.includes(state)) deps.onOutcome?.(jobId, state)
      },
      ...(deps.busy ? { busy: deps.busy } : {}),
      crash: o.crash ?? noop,
      ...(o.signal ? { signal: o.signal } : {}),
      ...(deps.clockAdvisor ? { clockHint: deps.clockAdvisor.beforeSync() } : {}),
    })
    const unsubscribe = deps.events.subscribe((event, payload) => {
      if (event === 'jobs:changed' && (payload as { state: string }).state === 'captured') {
        engine.wake()
      }
    })
    try {
      const summary = await engine.run({ deadline: o.deadline, stopWhenOffline: o.stopWhenOffline })
      // Nothing was sent: still check in (asked for explicitly, or hourly from the app's loop), so
      // "last reached the backend" (capture guard field.maxDaysWithoutSync) and the clock stay fresh.
      const lastReached = net.lastSuccessAt ?? 0
      if (
        summary.turns === 0 &&
        !summary.offline &&
        summary.blocked === null &&
        (o.stopWhenOffline || deps.clock().getTime() - lastReached > CHECK_IN_EVERY_MS)
      ) {
        if (!(await engine.checkIn()) && net.state === 'offline') summary.offline = true
      }
      clockOffsetSec = summary.clockOffsetSec
      if (engine.clockOffsetMs !== null) deps.clockAdvisor?.noteServerOffset(engine.clockOffsetMs)
      lastPass = { ...summary, at: deps.clock().toISOString() }
      return summary
    } finally {
      unsubscribe()
      clearInterval(renew)
      running = false
      s.repo.releaseLease()
      // Capture guards count days without sync from here (field.maxDaysWithoutSync).
      if (net.lastSuccessAt !== null) {
        s.repo.setState('last_online_at', new Date(net.lastSuccessAt).toISOString())
      }
      await http.close()
      await relay?.close()
      s.repo.setState(
        'last_pass',
        JSON.stringify({
          at: deps.clock().toISOString(),
          connectivity: net.state,
          offlineReason: net.reason,
          blocked: net.blocked,
          clockOffsetSec,
        }),
      )
      deps.events.emit('sync:status', status())
    }
  }

  function status(): SyncStatus {
    const s = open()
    const settings = deps.settings.read()
    const relay = s.relay.counts()
    // Another process (the app, an earlier `kiosk sync`) may have synced: its last word is kept.
    const kept = net.state === 'unknown' ? lastPassKept(s.repo.getState('last_pass')) : null
    if (kept !== null) {
      return {
        ...statusNow(s, settings, relay),
        connectivity: kept.connectivity,
        offlineReason: kept.offlineReason,
        blocked: kept.blocked,
        lastPassAt: kept.at,
        clockOffsetSec: kept.clockOffsetSec,
      }
    }
    return statusNow(s, settings, relay)
  }

  function statusNow(
    s: Store,
    settings: Settings,
    relay: ReturnType<RelayRepo['counts']>,
  ): SyncStatus {
    return {
      mode: settings['backend.mode'],
      backendUrl:
        settings['backend.mode'] === 'live'
          ? settings['backend.url'] || null
          : (demoBackend?.sandbox.url ?? null),
      connectivity: net.state,
      offlineReason: net.reason,
      blocked: net.blocked,
      running,
      lastPassAt: lastPass?.at ?? null,
      clockOffsetSec,
      clockWarning: deps.clockAdvisor?.warning() ?? null,
      queue: s.repo.counts(),
      nextAttemptAt: s.repo.nextDueAt(),
      relay: {
        configured: settings['relay.url'] !== '',
        pending: relay.pending,
        delivered: relay.delivered,
        lastError: relay.lastError,
      },
    }
  }

  async function run(o: RunOptions = {}): Promise<SyncRunSummary> {
    const waitSec = o.waitSec ?? 60
    const before = open().repo.counts()
    // Asked for explicitly ("sync now"): probe at once rather than wait out an offline backoff.
    net.reset()
    // One pass at a time in this process: the loop's current pass winds down first.
    loopPass?.abort()
    const summary = await inTurn(() =>
      pass({ ...o, deadline: deps.clock().getTime() + waitSec * 1000, stopWhenOffline: true }),
    )
    const after = status()
    return {
      ...summary,
      offlineReason: after.offlineReason,
      mode: after.mode,
      backendUrl: after.backendUrl,
      before,
      queue: after.queue,
      relay: after.relay,
    }
  }

  /** The app's background loop: passes back to back, idle waits bounded by sync.intervalSec. */
  function startLoop(o: RunOptions = {}): void {
    if (loop !== null) return
    const stop = new AbortController()
    const done = (async () => {
      while (!stop.signal.aborted) {
        const interval = deps.settings.read()['sync.intervalSec'] * 1000
        try {
          const mine = (loopPass = new AbortController())
          await inTurn(() =>
            pass({
              ...o,
              deadline: deps.clock().getTime() + interval,
              stopWhenOffline: false,
              signal: AbortSignal.any([stop.signal, mine.signal]),
            }),
          )
        } catch (err) {
          deps.log.warn('sync pass failed', {
            error: errorText(err),
          })
        }
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, 1_000)
          stop.signal.addEventListener(
            'abort',
            () => {
              clearTimeout(t)
              resolve()
            },
            { once: true },
          )
        })
      }
    })()
    loop = { stop, done }
  }

  async function stopLoop(): Promise<void> {
    if (loop === null) return
    loop.stop.abort()
    await loop.done
    loop = null
  }

  /** Staff: try a failed or blocked job again, optionally allowing re-enrolment (answer to 2209). */
  function retry(jobId: string, o: { allowNewEnroll?: boolean } = {}): JobDetail {
    const s = open()
    const job = s.jobs.get(jobId)
    if (job === undefined) throw new AppError('not_found', `no job with id ${jobId}`)
    if (job.state !== 'failed' && job.state !== 'needs_attention') {
      throw new AppError(
        'invalid_input',
        `job ${jobId} is ${job.state}; only failed jobs or jobs needing attention can be retried`,
      )
    }
    if (activeLivenessFailed(job.metadata)) {
      throw new AppError(
        'invalid_input',
        `job ${jobId} failed its active liveness check; it cannot be sent — capture the customer again`,
      )
    }
    const to = s.repo.change(jobId, 'staff_retry', {
      transition: 'staff_retry',
      detail: o.allowNewEnroll ? { allow_new_enroll: true } : {},
      patch: { lastError: null, nextAttemptAt: null },
      sync: { failures: 0, ...(o.allowNewEnroll ? { allow_new_enroll: 1 } : {}) },
    })
    net.reset()
    deps.events.emit('jobs:changed', { jobId, state: to })
    return s.jobs.get(jobId) as JobDetail
  }

  async function close(): Promise<void> {
    await stopLoop()
    const d = demo
    demo = null
    demoBackend = null
    if (d) await (await d.catch(() => null))?.sandbox.close()
    if (store?.db.open) store.db.close()
    store = null
  }

  return {
    status,
    run,
    startLoop,
    stopLoop,
    retry,
    close,
    relayFor: (jobId: string) => open().relay.forJob(jobId),
  }
}

const noop = (): void => undefined

interface KeptPass {
  at: string
  connectivity: SyncStatus['connectivity']
  offlineReason: string | null
  blocked: string | null
  clockOffsetSec: number | null
}

function lastPassKept(raw: string | undefined): KeptPass | null {
  if (raw === undefined) return null
  try {
    return JSON.parse(raw) as KeptPass
  } catch {
    return null
  }
}
