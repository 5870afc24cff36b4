/**
 * The harder case: the laptop and the branch machine sync the same 30 jobs at the same moment, as
 * two `kiosk sync` processes against one sandbox process. Each side's re-prep replaces the other's
 * upload URL, so sync asks job_status before every re-prep and PUT of a job that travelled in a
 * bundle, and waits a jittered while after a superseded URL: every job is uploaded once and both
 * machines end with the result.
 */
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { sandboxAdmin, type SandboxAdmin } from '../../../electron/sandbox/sandbox-admin.client'
import { KIOSK_BIN, kioskJson, startKiosk } from '../../support/cli'
import { tempDir } from '../../support/temp'
import { configureLive, exportBundle, pairMachines, seed, type Pair } from './field-support'

interface SandboxInfo {
  url: string
  origin: string
  partnerId: string
  apiKey: string
}

const root = tempDir('kiosk-field-concurrent-')
let pair: Pair
let sandbox: { info: SandboxInfo; stop: () => Promise<void> }
let admin: SandboxAdmin
const N = 30

beforeAll(async () => {
  sandbox = await startKiosk<SandboxInfo>(
    [
      'sandbox',
      '--partner-id',
      '088',
      '--api-key',
      'both-at-once',
      '--processing-ms',
      '200',
      '--no-face-engine',
    ],
    { dataDir: join(root, 'backend') },
  )
  admin = sandboxAdmin(sandbox.info.origin, sandbox.info)
  pair = pairMachines(root)
  await seed(
    pair.laptop,
    Array.from({ length: N }, (_, i) => ({
      jobId: `both-${i}`,
      userId: `ub-${i}`,
      meta: { sandbox_result: '0' },
    })),
  )
  const { file } = exportBundle(pair.laptop, pair.usb)
  kioskJson(['import', file], { dataDir: pair.branch })
  configureLive(pair.laptop, sandbox.info)
  configureLive(pair.branch, sandbox.info)
}, 60_000)

afterAll(async () => {
  await admin?.close()
  await sandbox?.stop()
})

function syncOnce(dataDir: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [
      KIOSK_BIN,
      '--data-dir',
      dataDir,
      '--json',
      'sync',
      '--once',
      '--wait',
      '45',
    ])
    let out = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.once('exit', (code) => resolve({ code: code ?? -1, out }))
  })
}

it('both machines syncing the same jobs at once upload each job exactly once', async () => {
  const [a, b] = await Promise.all([syncOnce(pair.laptop), syncOnce(pair.branch)])
  expect(a.code).toBe(0)
  expect(b.code).toBe(0)
  expect((JSON.parse(a.out) as { queue: unknown }).queue).toEqual({ complete: N })
  expect((JSON.parse(b.out) as { queue: unknown }).queue).toEqual({ complete: N })
  const seen = await admin.jobs()
  expect(seen).toHaveLength(N)
  expect(seen.filter((j) => j.upload_count !== 1).map((j) => [j.job_id, j.upload_count])).toEqual(
    [],
  )
}, 120_000)
