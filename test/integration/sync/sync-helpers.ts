/** Shared set-up for sync tests: a kiosk store pointed at a sandbox, and seeded captures. */
import { createServer } from 'node:net'
import { openCore } from '../../../electron/core/core'
import { solidJpeg } from '../../support/images'

export interface SandboxInfo {
  url: string
  origin: string
  partnerId: string
  apiKey: string
  certFile: string | null
}

/** Points the kiosk store at `sb` in live mode (what staff do with `kiosk settings set`). */
export function configureLive(
  dataDir: string,
  sb: { url: string; partnerId: string; apiKey: string },
  extra: Record<string, string | number> = {},
): void {
  const core = openCore({ dataDir, localChecks: () => Promise.resolve(null) })
  try {
    core.settings.set('backend.mode', 'live')
    core.settings.set('backend.url', sb.url)
    core.settings.set('backend.partnerId', sb.partnerId)
    core.settings.set('backend.apiKey', sb.apiKey)
    for (const [k, v] of Object.entries(extra)) core.settings.set(k, v)
  } finally {
    core.close()
  }
}

export interface Seed {
  jobId: string
  userId: string
  jobType?: 2 | 4
  sandboxResult?: '0' | '1' | '2'
}

/** Captures jobs through the real capture service (sealed images, one transaction each). */
export async function seedJobs(dataDir: string, seeds: Seed[], liveness = 2): Promise<void> {
  await captureJobs(
    dataDir,
    seeds.map((s) => ({
      ...s,
      metadata: s.sandboxResult === undefined ? {} : { sandbox_result: s.sandboxResult },
    })),
    { liveness },
  )
}

/**
 * The same plain images for every job (a selfie and `liveness` frames, unless `selfie` is given),
 * captured through the real capture service with `localChecks` as the checks' answer.
 */
export async function captureJobs(
  dataDir: string,
  jobs: { jobId: string; userId: string; jobType?: 2 | 4; metadata: Record<string, unknown> }[],
  o: { liveness?: number; selfie?: Buffer; localChecks?: Record<string, unknown> | null } = {},
): Promise<void> {
  const selfie = o.selfie ?? (await solidJpeg(320, 240))
  const frames = await Promise.all(
    Array.from({ length: o.liveness ?? 2 }, (_, i) =>
      solidJpeg(160, 120, { r: 20 * i, g: 80, b: 40 }),
    ),
  )
  const checks = o.localChecks ?? null
  const core = openCore({ dataDir, localChecks: () => Promise.resolve(checks) })
  try {
    for (const j of jobs) {
      await core.capture.capture({
        jobType: j.jobType ?? 4,
        userId: j.userId,
        jobId: j.jobId,
        images: [
          { kind: 'selfie', bytes: selfie },
          ...frames.map((bytes) => ({ kind: 'liveness' as const, bytes })),
        ],
        metadata: j.metadata,
      })
    }
  } finally {
    core.close()
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer()
    srv.once('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port
      srv.close(() => resolve(port))
    })
  })
}
