/**
 * `npm run bench` → field: the outage simulation and the USB bundle.
 * - fleet: 1,000 laptops, each with 2 jobs (selfie + 8 liveness) captured offline, keep trying
 *   through a 20 s backend outage; then the backend returns. Measured at the backend: requests per
 *   second (peak, p95), refusals, and the drain time until every job has its final result.
 *   `paced`: each laptop at sync.maxRequestsPerSec = 70 % of the 200 req/s ceiling / 1,000 laptops.
 *   `unpaced_backend_limited`: no pacing; only the backend's own 429 + Retry-After protects it
 *   (what happens without the setting).
 * - bundle: 1,000 jobs × 9 images exported and imported by real `kiosk` processes.
 * Targets: paced peak ≤ ceiling with no 429, every job complete and uploaded once; bundle memory
 * flat (peak RSS well under the bundle size). FIELD_BENCH_LAPTOPS / FIELD_BENCH_BUNDLE_JOBS shrink it.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { measureBundle } from './field-bundle.measure'
import { measureFleet } from './field-fleet.measure'

const work = mkdtempSync(join(tmpdir(), 'kiosk-field-bench-'))
try {
  const laptops = Number(process.env.FIELD_BENCH_LAPTOPS ?? 1000)
  const ceiling = 200
  const common = { laptops, jobsPerLaptop: 2, outageSec: 20, ceilingRps: ceiling, concurrency: 2 }
  const paced = await measureFleet(work, {
    ...common,
    name: 'paced',
    perLaptopRps: (0.7 * ceiling) / laptops,
    backendLimitRps: ceiling,
  })
  const unpaced = await measureFleet(work, {
    ...common,
    name: 'unpaced_backend_limited',
    perLaptopRps: 0,
    backendLimitRps: ceiling,
  })
  const bundle = await measureBundle(work, Number(process.env.FIELD_BENCH_BUNDLE_JOBS ?? 1000))
  const targets = {
    paced_peak_rps_le_ceiling: paced.peak_rps <= ceiling,
    paced_no_429: paced.refused_429 === 0,
    paced_all_complete_uploaded_once: paced.all_complete && paced.uploads_per_job_max === 1,
    unpaced_all_complete_uploaded_once: unpaced.all_complete && unpaced.uploads_per_job_max === 1,
    bundle_all_imported: bundle.all_imported,
    bundle_rss_lt_half_bundle:
      Math.max(bundle.export_rss_peak_mb, bundle.import_rss_peak_mb) < bundle.bundle_mb / 2,
  }
  console.log(
    JSON.stringify({
      fleet: {
        simulation:
          'real sync engines (one store, connectivity, pacer and HTTP pool per laptop, in-memory SQLite) in one process; the sandbox in its own process on 127.0.0.1; 2-core machine',
        paced,
        unpaced_backend_limited: unpaced,
      },
      bundle,
      targets,
    }),
  )
} finally {
  rmSync(work, { recursive: true, force: true })
}
