/** An in-process kiosk core synced against an in-process sandbox: both real, on 127.0.0.1. */
import { join } from 'node:path'
import { openCore, type Core } from '../../../electron/core/core'
import type { RunOptions } from '../../../electron/core/sync/sync.service'
import { unavailableDecider } from '../../../electron/sandbox/sandbox-decider'
import type { SandboxFaults } from '../../../electron/sandbox/sandbox-faults'
import { startSandbox, type Sandbox } from '../../../electron/sandbox/sandbox-server'
import type { JobDetail } from '../../../electron/shared/domain/job'
import { solidJpeg } from '../../support/images'

export interface Harness {
  core: Core
  sb: Sandbox
  capture(
    jobId: string,
    userId: string,
    o?: { jobType?: 2 | 4; sandboxResult?: string },
  ): Promise<void>
  run(o?: RunOptions): ReturnType<Core['sync']['run']>
  job(jobId: string): JobDetail
  close(): Promise<void>
}

export async function harness(
  dir: string,
  o: {
    faults?: Partial<SandboxFaults>
    settings?: Record<string, string | number>
    url?: (sb: Sandbox) => string
  } = {},
): Promise<Harness> {
  const sb = await startSandbox({
    dataDir: join(dir, 'backend'),
    partnerId: '055',
    apiKey: 'harness-key',
    decider: unavailableDecider('test'),
    faults: { reviewDelaySec: 0.2, processingMs: 0, ...o.faults },
  })
  const core = openCore({ dataDir: join(dir, 'kiosk'), localChecks: () => Promise.resolve(null) })
  core.settings.set('backend.mode', 'live')
  core.settings.set('backend.url', o.url ? o.url(sb) : sb.url)
  core.settings.set('backend.partnerId', '055')
  core.settings.set('backend.apiKey', 'harness-key')
  for (const [k, v] of Object.entries(o.settings ?? {})) core.settings.set(k, v)
  const selfie = await solidJpeg(320, 240)
  const frame = await solidJpeg(160, 120)
  const h: Harness = {
    core,
    sb,
    async capture(jobId, userId, c = {}) {
      await core.capture.capture({
        jobType: c.jobType ?? 4,
        userId,
        jobId,
        images: [
          { kind: 'selfie', bytes: selfie },
          { kind: 'liveness', bytes: frame },
        ],
        metadata: c.sandboxResult === undefined ? {} : { sandbox_result: c.sandboxResult },
      })
    },
    run: (r = {}) => core.sync.run({ waitSec: 10, ...r }),
    job: (id) => core.jobs.require(id),
    async close() {
      await core.sync.close()
      core.close()
      await h.sb.close()
    },
  }
  return h
}
