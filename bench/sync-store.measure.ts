/**
 * The store at 100,000 queued jobs: how fast jobs go in (each with 9 sealed images, one
 * transaction each, synchronous = FULL as captures are), how long sync's next-job pickup takes,
 * and how big the file is. The 100,000 are filled in batches with small images (the pickup reads
 * only the jobs table); the timed enqueues on top use realistic image sizes.
 */
import { randomBytes } from 'node:crypto'
import { mkdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { keyringFromKey } from '../electron/core/crypto/keyring'
import { openDatabase } from '../electron/core/store/database'
import { createJobsRepo, type NewJobImage } from '../electron/core/store/jobs.repo'
import { migrate } from '../electron/core/store/migrate'
import { createSyncRepo } from '../electron/core/sync/sync.repo'

export interface StoreResult {
  queued_jobs: number
  fill_jobs_per_s: number
  enqueue_9_images_ms: { p50: number; p99: number; samples: number; image_kb: number }
  pickup_ms: { p50: number; p99: number; max: number; samples: number; batch: number }
  db_mb: number
  db_bytes_per_filled_job: number
}

export function measureStore(
  work: string,
  o: { queued: number; enqueueSamples: number; pickupSamples: number },
): StoreResult {
  const path = join(work, 'store', 'kiosk.db')
  mkdirSync(join(work, 'store'), { recursive: true })
  const db = openDatabase(path)
  migrate(db)
  const keyring = keyringFromKey(randomBytes(32), 'bench')
  const jobs = createJobsRepo(db, keyring)
  const sync = createSyncRepo(db, jobs, () => new Date())
  const images = (size: number): NewJobImage[] =>
    Array.from({ length: 9 }, (_, i) => ({
      kind: i === 0 ? 'selfie' : 'liveness',
      seq: i === 0 ? 0 : i - 1,
      mime: 'image/jpeg',
      sha256: 'x',
      width: 320,
      height: 240,
      bytes: randomBytes(size),
    }))

  // Fill: 1,000 jobs per transaction (the timed single enqueues below pay the real per-job fsync).
  const small = images(256)
  const t0 = performance.now()
  const batch = db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) {
      jobs.create({
        jobId: `q-${i}`,
        userId: `user-${i % 40_000}`,
        jobType: 4,
        images: small,
        localChecks: null,
        metadata: {},
      })
    }
  })
  for (let i = 0; i < o.queued; i += 1000) batch(i, Math.min(o.queued, i + 1000))
  const fillSeconds = (performance.now() - t0) / 1000
  const filledBytes = fileBytes(path)

  // Pickup: what the engine asks each time a slot frees (8 in flight, 8 wanted).
  const inflight = new Set(Array.from({ length: 8 }, (_, i) => `q-${i}`))
  const pick: number[] = []
  for (let i = 0; i < o.pickupSamples; i++) {
    const s = performance.now()
    const got = sync.due(new Date(), 8, inflight)
    pick.push(performance.now() - s)
    if (got.length !== 8) throw new Error(`pickup returned ${got.length} jobs`)
  }

  // Enqueue with realistic images (a 60 KB selfie and 8 frames of 15 KB), one transaction each.
  const real: NewJobImage[] = images(15 * 1024).map((im, i) =>
    i === 0 ? { ...im, bytes: randomBytes(60 * 1024) } : im,
  )
  const enq: number[] = []
  for (let i = 0; i < o.enqueueSamples; i++) {
    const s = performance.now()
    jobs.create({
      jobId: `e-${i}`,
      userId: `e-user-${i}`,
      jobType: 4,
      images: real,
      localChecks: null,
      metadata: {},
    })
    enq.push(performance.now() - s)
  }
  db.close()
  return {
    queued_jobs: o.queued,
    fill_jobs_per_s: Math.round(o.queued / fillSeconds),
    enqueue_9_images_ms: {
      ...pct(enq),
      samples: enq.length,
      image_kb: Math.round(real.reduce((n, im) => n + im.bytes.byteLength, 0) / 1024),
    },
    pickup_ms: { ...pct(pick), max: round(Math.max(...pick)), samples: pick.length, batch: 8 },
    db_mb: Math.round(fileBytes(path) / 1024 / 1024),
    db_bytes_per_filled_job: Math.round(filledBytes / o.queued),
  }
}

function fileBytes(path: string): number {
  let n = 0
  for (const f of [path, `${path}-wal`]) {
    try {
      n += statSync(f).size
    } catch {
      // no WAL file at this moment
    }
  }
  return n
}

function pct(xs: number[]): { p50: number; p99: number } {
  const s = [...xs].sort((a, b) => a - b)
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? NaN
  return { p50: round(at(0.5)), p99: round(at(0.99)) }
}
const round = (n: number) => Math.round(n * 1000) / 1000
