/**
 * The outage simulation: a fleet of laptops, each with a queue captured offline, keeps trying while
 * the backend is down, then the backend comes back. What the backend sees is measured by the
 * backend itself (the sandbox's per-second arrival meter, read through its admin route).
 *
 * Honest about what is simulated: the sandbox is a real HTTP server in its own process (as a
 * backend would be); each laptop is the real sync engine (job steps, connectivity with jittered
 * offline backoff and slow start, the request pacer, its own undici pool) over its own real
 * SQLite store with sealed images — but all the laptops run in this one process, with in-memory
 * stores instead of 1,000 files, on a 2-core machine.
 */
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import Database from 'better-sqlite3'
import { keyringFromKey } from '../electron/core/crypto/keyring'
import type { Db } from '../electron/core/store/database'
import { migrate } from '../electron/core/store/migrate'
import { createJobsRepo, type NewJobImage } from '../electron/core/store/jobs.repo'
import { createConnectivity } from '../electron/core/sync/connectivity'
import { createHttpClient } from '../electron/core/sync/http-client'
import { createEngine, type Engine } from '../electron/core/sync/sync-engine'
import { createSyncRepo, type SyncRepo } from '../electron/core/sync/sync.repo'
import { sandboxAdmin } from '../electron/sandbox/sandbox-admin.client'
import { startKiosk } from '../test/support/cli'
import { sharedData } from '../test/support/shared-data'
import { faceJobImages } from './bench-support'

const CREDS = { partnerId: '901', apiKey: 'fleet-bench' }

export interface FleetScenario {
  name: string
  laptops: number
  jobsPerLaptop: number
  outageSec: number
  /** What the fleet is configured to stay under (requests/s at the backend), or 0. */
  ceilingRps: number
  /** sync.maxRequestsPerSec on each laptop (0: no pacing). */
  perLaptopRps: number
  /** The sandbox's own admission limit (429 above it), or 0. */
  backendLimitRps: number
  concurrency: number
}

export interface FleetResult {
  scenario: string
  laptops: number
  jobs: number
  images_per_job: number
  outage_s: number
  ceiling_rps: number | null
  per_laptop_rps: number | null
  backend_limit_rps: number | null
  concurrency_per_laptop: number
  /** From the backend's return until every job of every laptop had its final result. */
  drain_s: number
  all_complete: boolean
  uploads_per_job_max: number
  /** Requests arriving at the backend per wall-clock second, after it came back. */
  peak_rps: number
  p95_rps: number
  mean_rps: number
  requests_total: number
  refused_429: number
  refused_2205: number
  /** Connection attempts per second while the backend was down (laptops probing). */
  outage_attempts_peak_per_s: number
  stays_under_ceiling: boolean | null
  /** How late the simulated fleet's timers ran (1,000 laptops share one core here). */
  fleet_event_loop_delay_ms: { p99: number; max: number }
}

interface Laptop {
  engine: Engine
  repo: SyncRepo
  db: Db
  stop: AbortController
  done: Promise<unknown>
}

export async function measureFleet(work: string, s: FleetScenario): Promise<FleetResult> {
  // A selfie and 8 liveness frames cut from a real face photo, at the sizes the SDKs send.
  const images = await faceJobImages(sharedData('faces', 'df_A', 'df_A_img1.jpg'), {
    selfieWidth: 320,
    livenessWidth: 160,
    liveness: 8,
    quality: 80,
  })
  const port = await freePort()
  const attempts = new Map<number, number>()
  const countAttempt = () => {
    const sec = Math.floor(Date.now() / 1000)
    attempts.set(sec, (attempts.get(sec) ?? 0) + 1)
  }
  const baseUrl = `http://127.0.0.1:${port}/v1`
  const laptops: Laptop[] = []
  for (let i = 0; i < s.laptops; i++) laptops.push(laptop(i, s, images, baseUrl, countAttempt))

  const lag = monitorEventLoopDelay({ resolution: 10 })
  lag.enable()
  const outageStart = Date.now()
  await new Promise((r) => setTimeout(r, s.outageSec * 1000))
  const outageEnd = Math.floor(Date.now() / 1000)
  const sandbox = await startSandbox(join(work, `backend-${s.name}`), port, s.backendLimitRps)
  const back = Date.now()
  const admin = sandboxAdmin(`http://127.0.0.1:${port}`, CREDS)
  try {
    const total = s.laptops * s.jobsPerLaptop
    for (;;) {
      const complete = laptops.reduce((n, l) => n + (l.repo.counts().complete ?? 0), 0)
      if (complete === total || Date.now() - back > 15 * 60_000) break
      await new Promise((r) => setTimeout(r, 200))
    }
    const drainMs = Date.now() - back
    for (const l of laptops) l.stop.abort()
    await Promise.all(laptops.map((l) => l.done))
    const complete = laptops.reduce((n, l) => n + (l.repo.counts().complete ?? 0), 0)
    const rate = await admin.rate(back - 1000)
    const jobs = await admin.jobs()
    const perSec = rate.seconds.map((x) => x.requests)
    const sorted = [...perSec].sort((a, b) => a - b)
    const peak = sorted.at(-1) ?? 0
    const outagePeak = Math.max(
      0,
      ...[...attempts.entries()]
        .filter(([sec]) => sec * 1000 >= outageStart && sec < outageEnd)
        .map(([, n]) => n),
    )
    return {
      scenario: s.name,
      laptops: s.laptops,
      jobs: total,
      images_per_job: images.length,
      outage_s: s.outageSec,
      ceiling_rps: s.ceilingRps || null,
      per_laptop_rps: s.perLaptopRps || null,
      backend_limit_rps: s.backendLimitRps || null,
      concurrency_per_laptop: s.concurrency,
      drain_s: round(drainMs / 1000),
      all_complete: complete === total && jobs.length === total,
      uploads_per_job_max: Math.max(0, ...jobs.map((j) => j.upload_count)),
      peak_rps: peak,
      p95_rps: sorted[Math.floor(sorted.length * 0.95)] ?? 0,
      mean_rps: round(rate.total / Math.max(1, drainMs / 1000)),
      requests_total: rate.total,
      refused_429: rate.statuses['429'] ?? 0,
      refused_2205: rate.statuses['401'] ?? 0,
      outage_attempts_peak_per_s: outagePeak,
      stays_under_ceiling: s.ceilingRps > 0 ? peak <= s.ceilingRps : null,
      fleet_event_loop_delay_ms: {
        p99: round(lag.percentile(99) / 1e6),
        max: round(lag.max / 1e6),
      },
      ...(process.env.FLEET_SERIES ? { series: perSec } : {}),
    }
  } finally {
    lag.disable()
    for (const l of laptops) {
      l.stop.abort()
      if (l.db.open) l.db.close()
    }
    await admin.close()
    await sandbox.stop()
  }
}

/** One laptop: its own store (in memory), queue, connectivity, pacer and connection pool. */
function laptop(
  i: number,
  s: FleetScenario,
  images: NewJobImage[],
  baseUrl: string,
  countAttempt: () => void,
): Laptop {
  const db = new Database(':memory:')
  migrate(db)
  const keyring = keyringFromKey(randomBytes(32), 'bench')
  const jobs = createJobsRepo(db, keyring)
  for (let j = 0; j < s.jobsPerLaptop; j++) {
    jobs.create({
      jobId: `l${i}-j${j}`,
      userId: `l${i}-u${j}`,
      jobType: 4,
      images,
      localChecks: null,
      metadata: { sandbox_result: '0' },
    })
  }
  const clock = () => new Date()
  const repo = createSyncRepo(db, jobs, clock)
  const http = createHttpClient({
    maxRequestsPerSec: s.perLaptopRps,
    connectionsPerOrigin: s.concurrency,
    onSend: countAttempt,
  })
  const stop = new AbortController()
  const engine = createEngine({
    repo,
    jobs,
    http,
    endpoint: { mode: 'live', baseUrl, creds: CREDS, forwardSandboxParams: true },
    relay: null,
    relayNextAt: () => null,
    net: createConnectivity(clock, Math.random),
    clock,
    random: Math.random,
    version: 'bench',
    concurrency: s.concurrency,
    changed: () => undefined,
    crash: () => undefined,
    signal: stop.signal,
  })
  // As the app's loop: passes back to back until stopped.
  const done = (async () => {
    while (!stop.signal.aborted) {
      await engine.run({ deadline: Date.now() + 30_000, stopWhenOffline: false })
      if (!stop.signal.aborted) await new Promise((r) => setTimeout(r, 250))
    }
    await http.close()
  })()
  return { engine, repo, db, stop, done }
}

/** `kiosk sandbox` in its own process, as a backend would be; started once it printed its address. */
function startSandbox(dir: string, port: number, limit: number) {
  return startKiosk(
    [
      'sandbox',
      '--port',
      String(port),
      '--no-face-engine',
      '--partner-id',
      CREDS.partnerId,
      '--api-key',
      CREDS.apiKey,
      '--processing-ms',
      '1000',
      '--rate-limit',
      String(limit),
      '--retry-after',
      '1',
    ],
    { dataDir: dir },
  )
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const p = (srv.address() as { port: number }).port
      srv.close(() => resolve(p))
    })
  })
}

const round = (n: number) => Math.round(n * 100) / 100
