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
  const selfie = await solidJpeg(320, 240)
  const frames = await Promise.all(
    Array.from({ length: liveness }, (_, i) => solidJpeg(160, 120, { r: 20 * i, g: 80, b: 40 })),
  )
  const core = openCore({ dataDir, localChecks: () => Promise.resolve(null) })
  try {
    for (const s of seeds) {
      await core.capture.capture({
        jobType: s.jobType ?? 4,
        userId: s.userId,
        jobId: s.jobId,
        images: [
          { kind: 'selfie', bytes: selfie },
          ...frames.map((bytes) => ({ kind: 'liveness' as const, bytes })),
        ],
        metadata: s.sandboxResult === undefined ? {} : { sandbox_result: s.sandboxResult },
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
