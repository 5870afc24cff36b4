/**
 * Export and import of a full field bundle: N jobs of a selfie and 8 liveness frames (cut from a
 * real face photo at the SDKs' sizes) in a real laptop store, `kiosk export` and `kiosk import` as
 * real processes. Peak resident memory of each is read from /proc (VmHWM): the bundle is streamed,
 * so memory should not grow with the bundle.
 */
import { spawn } from 'node:child_process'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { openCore } from '../electron/core/core'
import { KIOSK_BIN } from '../test/support/cli'
import { sharedData } from '../test/support/shared-data'
import { faceJobImages } from './bench-support'

export interface BundleResult {
  jobs: number
  images: number
  image_mb: number
  bundle_mb: number
  export_s: number
  export_mb_per_s: number
  export_rss_peak_mb: number
  import_s: number
  import_mb_per_s: number
  import_rss_peak_mb: number
  /** The same CLI doing next to nothing (`kiosk field status`): what the process costs anyway. */
  baseline_rss_peak_mb: number
  all_imported: boolean
}

export async function measureBundle(work: string, jobs: number): Promise<BundleResult> {
  const laptop = join(work, 'laptop')
  const branch = join(work, 'branch')
  const usb = join(work, 'usb')
  mkdirSync(usb, { recursive: true })
  // A 640 px selfie and 8 × 320 px liveness frames, JPEG q85, as the reference SDKs send.
  const images = await faceJobImages(sharedData('faces', 'df_B', 'df_B_img3.jpg'), {
    selfieWidth: 640,
    livenessWidth: 320,
    liveness: 8,
    quality: 85,
  })
  const a = openCore({ dataDir: laptop, localChecks: () => Promise.resolve(null) })
  const b = openCore({ dataDir: branch, localChecks: () => Promise.resolve(null) })
  try {
    const recipient = b.field.keys.initRecipient({ rotate: false, actor: 'bench' })
    a.field.keys.setRecipient(recipient.publicKey, 'bench')
    b.field.keys.trustDevice('bench-laptop', a.field.keys.deviceKeyView().publicKey, 'bench')
    for (let i = 0; i < jobs; i++) {
      a.jobs.create({
        jobId: `bundle-${i}`,
        userId: `bundle-user-${i}`,
        jobType: 4,
        images,
        localChecks: { face: { decision: 'PASSED' } },
        metadata: { source: 'bench' },
      })
    }
  } finally {
    a.close()
    b.close()
  }
  const imageBytes = jobs * images.reduce((n, i) => n + i.bytes.byteLength, 0)
  const exp = await run(['--data-dir', laptop, '--json', 'export', '--to', usb])
  const report = JSON.parse(exp.stdout) as { file: string; bytes: number; jobs: number }
  const imp = await run(['--data-dir', branch, '--json', 'import', report.file])
  const imported = JSON.parse(imp.stdout) as { counts: { imported: number } }
  const idle = await run(['--data-dir', branch, '--json', 'field', 'status'])
  const mb = (n: number) => n / 1024 / 1024
  return {
    jobs,
    images: jobs * images.length,
    image_mb: round(mb(imageBytes)),
    bundle_mb: round(mb(report.bytes)),
    export_s: round(exp.seconds),
    export_mb_per_s: round(mb(report.bytes) / exp.seconds),
    export_rss_peak_mb: Math.round(mb(exp.peakRss)),
    import_s: round(imp.seconds),
    import_mb_per_s: round(mb(report.bytes) / imp.seconds),
    import_rss_peak_mb: Math.round(mb(imp.peakRss)),
    baseline_rss_peak_mb: Math.round(mb(idle.peakRss)),
    all_imported: report.jobs === jobs && imported.counts.imported === jobs,
  }
}

function run(args: string[]): Promise<{ stdout: string; seconds: number; peakRss: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now()
    const child = spawn(process.execPath, [KIOSK_BIN, ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
    })
    let stdout = ''
    let peak = 0
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
    const poll = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))
        if (m) peak = Math.max(peak, Number(m[1]) * 1024)
      } catch {
        // exited between polls
      }
    }, 20)
    child.once('exit', (code) => {
      clearInterval(poll)
      if (code !== 0) return reject(new Error(`kiosk ${args.join(' ')} exited ${code}`))
      resolve({ stdout, seconds: (performance.now() - t0) / 1000, peakRss: peak })
    })
  })
}

const round = (n: number) => Math.round(n * 100) / 100
