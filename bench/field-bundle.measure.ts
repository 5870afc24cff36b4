/**
 * Export and import of a full field bundle: N jobs of a selfie and 8 liveness frames (cut from a
 * real face photo at the SDKs' sizes) in a real laptop store, `kiosk export` and `kiosk import` as
 * real processes. Peak resident memory of each is read from /proc (VmHWM): the bundle is streamed,
 * so memory should not grow with the bundle.
 */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { KIOSK_BIN } from '../test/support/cli'
import { pairedFieldStores } from './bench-support'

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
  const { laptop, branch, usb, images } = await pairedFieldStores(work, {
    jobs,
    liveness: 8,
    prefix: 'bundle',
    localChecks: { face: { decision: 'PASSED' } },
  })
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
