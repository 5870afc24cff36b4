/**
 * Sync throughput: N jobs (selfie + 8 liveness frames) queued in a real kiosk store, sent by
 * `kiosk sync --once` (its own process) to `kiosk sandbox --tls` (another process, loopback,
 * sandbox_result forced), then the official smile-identity-core library against the same sandbox
 * in the same run, at the same concurrency. Resident memory of every process is sampled.
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { openCore } from '../electron/core/core'
import type { NewJobImage } from '../electron/core/store/jobs.repo'
import { KIOSK_BIN, REPO, startKiosk } from '../test/support/cli'
import { readShared } from '../test/support/shared-data'

export interface ThroughputRun {
  /** Sandbox time from zip arrival to result (1000 ms: as behind the vendor's S3; 0: instant). */
  sandbox_processing_ms: number
  jobs: number
  kiosk_seconds: number
  kiosk_jobs_per_s: number
  kiosk_cpu_ms_per_job: number
  official_library_jobs: number
  official_library_seconds: number
  official_library_jobs_per_s: number
  speedup_vs_official: number
  all_complete: boolean
  uploads_per_job_max: number
}

export interface ThroughputResult {
  images_per_job: number
  zip_kb_per_job: number
  concurrency: number
  transport: string
  runs: ThroughputRun[]
  rss_mb_max: {
    kiosk_sync_process: number
    sandbox_process: number
    official_library_process: number
  }
}

export async function measureThroughput(
  work: string,
  o: { runs: { processingMs: number; jobs: number; libraryJobs: number }[]; concurrency: number },
): Promise<ThroughputResult> {
  const images = await benchImages(work)
  const sandbox = await startSandbox(join(work, 'backend'))
  const { sandboxAdmin } = await import('../electron/sandbox/sandbox-admin.client')
  const admin = sandboxAdmin(
    sandbox.info.origin,
    { partnerId: sandbox.info.partnerId, apiKey: sandbox.info.apiKey },
    readFileSync(sandbox.info.certFile, 'utf8'),
  )
  const rss = { kiosk: 0, sandbox: 0, library: 0 }
  const sampler = setInterval(() => {
    rss.sandbox = Math.max(rss.sandbox, procRss(sandbox.pid))
  }, 100)
  const runs: ThroughputRun[] = []
  try {
    for (const [i, r] of o.runs.entries()) {
      await admin.faults({ processingMs: r.processingMs })
      const prefix = `run${i}-`
      const kiosk = await syncKiosk(
        join(work, `kiosk-${i}`),
        sandbox.info,
        images.stored,
        r.jobs,
        o.concurrency,
        prefix,
        (b) => {
          rss.kiosk = Math.max(rss.kiosk, b)
        },
      )
      const lib = await runOfficialLibrary(
        sandbox.info,
        images.files,
        r.libraryJobs,
        o.concurrency,
        `${prefix}lib-`,
        (pid) => {
          rss.library = Math.max(rss.library, procRss(pid))
        },
      )
      const seen = (await admin.jobs()).filter((j) => j.job_id.startsWith(`${prefix}bench-`))
      const kioskRate = r.jobs / kiosk.seconds
      const libRate = lib.ok / lib.seconds
      runs.push({
        sandbox_processing_ms: r.processingMs,
        jobs: r.jobs,
        kiosk_seconds: round(kiosk.seconds),
        kiosk_jobs_per_s: round(kioskRate),
        kiosk_cpu_ms_per_job: round(kiosk.cpuMs / r.jobs), // whole process, start-up included
        official_library_jobs: lib.ok,
        official_library_seconds: round(lib.seconds),
        official_library_jobs_per_s: round(libRate),
        speedup_vs_official: round(kioskRate / libRate),
        all_complete: kiosk.complete === r.jobs && seen.length === r.jobs,
        uploads_per_job_max: Math.max(...seen.map((j) => j.upload_count)),
      })
    }
    return {
      images_per_job: images.stored.length,
      zip_kb_per_job: Math.round(images.stored.reduce((s, i) => s + i.bytes.byteLength, 0) / 1024),
      concurrency: o.concurrency,
      transport:
        'HTTPS (self-signed sandbox certificate) on 127.0.0.1, both clients; same concurrency for both',
      runs,
      rss_mb_max: {
        kiosk_sync_process: mb(rss.kiosk),
        sandbox_process: mb(rss.sandbox),
        official_library_process: mb(rss.library),
      },
    }
  } finally {
    clearInterval(sampler)
    await admin.close()
    await sandbox.stop()
  }
}

/**
 * Queues `n` jobs in a fresh kiosk store (not timed: capture's cost), then runs `kiosk sync --once`
 * as its own process, as an operator would, sampling its memory and CPU; the time is the pass's own.
 */
async function syncKiosk(
  dataDir: string,
  sb: SandboxInfo,
  images: NewJobImage[],
  n: number,
  concurrency: number,
  prefix: string,
  rss: (bytes: number) => void,
) {
  const core = openCore({ dataDir, localChecks: () => Promise.resolve(null) })
  core.settings.set('backend.mode', 'live')
  core.settings.set('backend.url', sb.url)
  core.settings.set('backend.partnerId', sb.partnerId)
  core.settings.set('backend.apiKey', sb.apiKey)
  core.settings.set('backend.caFile', sb.certFile)
  core.db.transaction(() => {
    for (let i = 0; i < n; i++) {
      core.jobs.create({
        jobId: `${prefix}bench-${i}`,
        userId: `${prefix}user-${i}`,
        jobType: 4,
        images,
        localChecks: null,
        metadata: { sandbox_result: '0' },
      })
    }
  })()
  core.close()
  const args = [
    KIOSK_BIN,
    '--data-dir',
    dataDir,
    '--json',
    'sync',
    '--once',
    '--wait',
    '300',
    '--concurrency',
    String(concurrency),
  ]
  return new Promise<{ seconds: number; cpuMs: number; complete: number }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] })
    let cpuMs = 0
    const timer = setInterval(() => {
      rss(procRss(child.pid))
      cpuMs = Math.max(cpuMs, procCpuMs(child.pid))
    }, 50)
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('exit', (code) => {
      clearInterval(timer)
      if (code !== 0) return reject(new Error(`kiosk sync exited ${code}: ${out.slice(-500)}`))
      const summary = JSON.parse(out) as { durationMs: number; queue: Record<string, number> }
      resolve({ seconds: summary.durationMs / 1000, cpuMs, complete: summary.queue.complete ?? 0 })
    })
  })
}

/** user + system CPU of a live process, from /proc (Linux), in ms. */
function procCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? []
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100
  } catch {
    return 0
  }
}

interface SandboxInfo {
  url: string
  origin: string
  partnerId: string
  apiKey: string
  certFile: string
}

/** `kiosk sandbox --tls` in its own process; its first line says where it listens. */
function startSandbox(dir: string) {
  return startKiosk<SandboxInfo>(
    ['sandbox', '--tls', '--no-face-engine', '--partner-id', '321', '--api-key', 'bench-key'],
    { dataDir: dir },
  )
}

/** A realistic capture: a 640 px selfie and eight 320 px liveness frames, JPEG q80 (as the SDKs send). */
async function benchImages(work: string) {
  const faces = [
    'fr_obama/fr_obama_1.jpg',
    'fr_obama/fr_obama_2.jpg',
    'fr_obama/fr_obama_3.jpg',
    'fr_biden/fr_biden_1.jpg',
  ]
  const src = faces.map((f) => readShared('faces', f))
  const selfie = await sharp(src[0])
    .resize(640, 640, { fit: 'inside' })
    .jpeg({ quality: 80 })
    .toBuffer()
  const frames = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      sharp(src[i % src.length])
        .resize(320, 320, { fit: 'inside' })
        .jpeg({ quality: 80 })
        .toBuffer(),
    ),
  )
  const dir = join(work, 'images')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'selfie.jpg'), selfie)
  const framePaths = frames.map((f, i) => {
    const p = join(dir, `liveness_${i}.jpg`)
    writeFileSync(p, f)
    return p
  })
  // What the capture service stores with an image: its real hash and size.
  const meta = async (b: Buffer) => {
    const m = await sharp(b).metadata()
    return {
      sha256: createHash('sha256').update(b).digest('hex'),
      width: m.width ?? 0,
      height: m.height ?? 0,
    }
  }
  const stored: NewJobImage[] = [
    {
      kind: 'selfie' as const,
      seq: 0,
      mime: 'image/jpeg',
      ...(await meta(selfie)),
      bytes: selfie,
    },
    ...(await Promise.all(
      frames.map(async (f, i) => ({
        kind: 'liveness' as const,
        seq: i,
        mime: 'image/jpeg',
        ...(await meta(f)),
        bytes: f,
      })),
    )),
  ]
  return { stored, files: { selfie: join(dir, 'selfie.jpg'), liveness: framePaths } }
}

function runOfficialLibrary(
  sb: SandboxInfo,
  files: { selfie: string; liveness: string[] },
  n: number,
  concurrency: number,
  prefix: string,
  sample: (pid: number) => void,
): Promise<{ ok: number; seconds: number }> {
  const jobs = Array.from({ length: n }, (_, i) => ({
    user_id: `${prefix}user-${i}`,
    job_id: `${prefix}${i}`,
    job_type: 4,
    selfie: files.selfie,
    liveness: files.liveness,
    extra: { sandbox_result: '0' },
  }))
  const input = JSON.stringify({
    url: sb.url,
    partnerId: sb.partnerId,
    apiKey: sb.apiKey,
    jobs,
    concurrency,
  })
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [join(REPO, 'test', 'integration', 'sandbox', 'official-client.mjs'), input],
      {
        env: { ...process.env, NODE_EXTRA_CA_CERTS: sb.certFile },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    )
    const timer = setInterval(() => child.pid && sample(child.pid), 100)
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.on('error', reject)
    child.on('exit', () => {
      clearInterval(timer)
      const done = out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { done?: boolean; ok?: number; seconds?: number })
        .find((l) => l.done)
      if (!done) return reject(new Error('the official library run did not finish'))
      resolve({ ok: done.ok ?? 0, seconds: done.seconds ?? NaN })
    })
  })
}

function procRss(pid: number | undefined): number {
  if (pid === undefined) return 0
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return m ? Number(m[1]) * 1024 : 0
  } catch {
    return 0
  }
}

const round = (n: number) => Math.round(n * 100) / 100
const mb = (b: number) => Math.round(b / 1024 / 1024)
