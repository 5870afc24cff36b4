/**
 * The callback relay: each final result reaches the bank's endpoint signed like a backend
 * callback, through a durable outbox with retries, in order per user. A real receiving server.
 */
import { spawn } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { verifyBodyMac, verifyCallback } from '../../../electron/core/protocol/callback'
import { KIOSK_BIN, kioskJson } from '../../support/cli'
import { tempDir } from '../../support/temp'
import { harness, type Harness } from './harness'
import { seedJobs } from './sync-helpers'

interface Delivery {
  id: string
  body: Record<string, unknown>
  raw: string
  mac: string
  answered: number
}

const root = tempDir('kiosk-relay-')
let bank: Server
let bankUrl: string
let deliveries: Delivery[] = []
/** Answers the bank gives, in order; 200 once they run out. */
let script: number[] = []
/** Users whose next N deliveries the bank refuses. */
let refuseUser: Record<string, number> = {}

beforeAll(async () => {
  bank = createServer((req, res) => {
    let raw = ''
    req.on('data', (c: Buffer) => (raw += c.toString()))
    req.on('end', () => {
      const body = JSON.parse(raw) as { PartnerParams?: { user_id?: string } }
      const user = body.PartnerParams?.user_id ?? ''
      const refuse = (refuseUser[user] ?? 0) > 0
      if (refuse) refuseUser[user] = (refuseUser[user] ?? 0) - 1
      const answered = refuse ? 503 : (script.shift() ?? 200)
      deliveries.push({
        id: String(req.headers['x-relay-id']),
        body: JSON.parse(raw) as Record<string, unknown>,
        raw,
        mac: String(req.headers['x-relay-body-mac']),
        answered,
      })
      res.writeHead(answered, { 'content-type': 'application/json' }).end('{}')
    })
  })
  await new Promise<void>((r) => bank.listen(0, '127.0.0.1', r))
  bankUrl = `http://127.0.0.1:${(bank.address() as AddressInfo).port}/results`
})
afterAll(() => bank.close())

let h: Harness | undefined
afterEach(async () => {
  await h?.close()
  h = undefined
  deliveries = []
  script = []
  refuseUser = {}
})

/** The kiosk CLI as a child process, without blocking this process (the bank lives here). */
function kioskAsync(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KIOSK_BIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('exit', (code, signal) => resolve({ code, signal, stderr }))
  })
}

describe('callback relay', () => {
  it('delivers every final result once, signed, in order per user, retrying a refusing bank', async () => {
    const t = (h = await harness(join(root, 'order'), { settings: { 'relay.url': bankUrl } }))
    await t.capture('r-a1', 'anna', { sandboxResult: '0' })
    await t.capture('r-a2', 'anna', { jobType: 2, sandboxResult: '0' })
    await t.capture('r-b1', 'ben', { sandboxResult: '1' })
    // The bank refuses Anna's first two deliveries: her second result must wait behind her first,
    // Ben's must not wait for her.
    refuseUser = { anna: 2 }
    const r = await t.run({ waitSec: 20 })
    expect(r.queue).toMatchObject({ complete: 3 })
    expect(r.relay).toMatchObject({ configured: true, delivered: 3, pending: 0, lastError: null })

    const accepted = deliveries.filter((d) => d.answered === 200)
    expect(accepted).toHaveLength(3)
    expect(new Set(accepted.map((d) => d.id)).size).toBe(3)
    const userOf = (d: Delivery) => (d.body.PartnerParams as { user_id: string }).user_id
    const jobOf = (d: Delivery) => (d.body.PartnerParams as { job_id: string }).job_id
    // Anna: enrolment result first (it was final first), and nothing of hers jumped the queue.
    expect(
      deliveries.filter((d) => userOf(d) === 'anna').map((d) => [jobOf(d), d.answered]),
    ).toEqual([
      ['r-a1', 503],
      ['r-a1', 503],
      ['r-a1', 200],
      ['r-a2', 200],
    ])
    expect(deliveries.findIndex((d) => userOf(d) === 'ben')).toBeLessThan(
      deliveries.findIndex((d) => d.answered === 200 && userOf(d) === 'anna'),
    )
    // Only final results are relayed, each verifiable by the bank with the kiosk's credentials.
    for (const d of accepted) {
      const check = verifyCallback(
        d.body,
        { partnerId: '055', apiKey: 'harness-key' },
        new Date(),
        300_000,
      )
      expect(check.ok).toBe(true)
      expect(verifyBodyMac('harness-key', d.raw, d.mac)).toBe(true)
      expect(d.body.IsFinalResult).toBe('true')
      expect(d.id).toMatch(new RegExp(`^${jobOf(d)}:\\d{10}:\\d{4}$`))
    }
  })

  it('keeps results queued while the bank is unreachable and says why', async () => {
    const t = (h = await harness(join(root, 'down'), {
      settings: { 'relay.url': 'http://127.0.0.1:9/results' },
    }))
    await t.capture('r-down', 'carl', { sandboxResult: '0' })
    const r = await t.run({ waitSec: 1 })
    expect(r.queue).toMatchObject({ complete: 1 })
    expect(r.relay).toMatchObject({ pending: 1, delivered: 0 })
    expect(r.relay.lastError).toMatch(/refused the connection/)
    expect(t.core.sync.relayFor('r-down')).toEqual([
      expect.objectContaining({ delivered_at: null, attempts: 1 }),
    ])
  })

  it('SIGKILL between the bank’s 2xx and our bookkeeping: redelivered with the same X-Relay-Id', async () => {
    const dir = join(root, 'crash')
    kioskJson(['settings', 'set', 'relay.url', bankUrl], { dataDir: dir })
    await seedJobs(dir, [
      { jobId: 'rc-1', userId: 'dora', sandboxResult: '0' },
      { jobId: 'rc-2', userId: 'ed', sandboxResult: '0' },
    ])
    const crash = await kioskAsync(['--data-dir', dir, 'sync', '--once'], {
      KIOSK_SYNC_CRASH_AT: 'relay-after-response',
    })
    expect(crash.signal, crash.stderr).toBe('SIGKILL')
    const again = await kioskAsync(['--data-dir', dir, 'sync', '--once'])
    expect(again.code, again.stderr).toBe(0)
    const ids = deliveries.map((d) => d.id)
    expect(new Set(ids).size).toBe(2)
    // At least once, never silently twice: a repeat (the killed pass had both heads in flight,
    // so one or both come again) carries the same id for the bank to drop.
    expect(ids.length).toBeGreaterThanOrEqual(3)
    for (const id of new Set(ids)) expect(ids.filter((x) => x === id).length).toBeLessThanOrEqual(2)
    expect(
      kioskJson<{ relay: { delivered: number; pending: number } }>(['sync', 'status'], {
        dataDir: dir,
      }).relay,
    ).toMatchObject({ delivered: 2, pending: 0 })
  })
})
