/**
 * The network is untrusted and intermittent: refused connections, captive portals, 5xx with
 * Retry-After, lost answers, expired upload URLs, clock skew, a wrong key, tampered answers, and
 * the backend's per-user refusals. Each has a defined outcome; none loses or duplicates a job.
 * In-process kiosk core and sandbox, both real, talking HTTP on 127.0.0.1.
 */
import { createServer, request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/temp'
import { harness, type Harness } from './harness'

const root = tempDir('kiosk-sync-faults-')
let h: Harness | undefined
let n = 0
const fresh = async (o: Parameters<typeof harness>[1] = {}) =>
  (h = await harness(join(root, String(++n)), o))
afterEach(async () => {
  await h?.close()
  h = undefined
})

describe('offline', () => {
  it('nothing listening: the pass reports offline and leaves every job exactly as it was', async () => {
    const t = await fresh({ url: () => 'http://127.0.0.1:9/v1' })
    await t.capture('off-1', 'u1')
    const r = await t.run()
    expect(r).toMatchObject({ offline: true, finished: 0, queue: { captured: 1 } })
    expect(r.offlineReason).toContain('refused the connection')
    const job = t.job('off-1')
    expect(job).toMatchObject({ state: 'captured', attempts: 0, last_error: null })
    expect(job.history.map((e) => e.event)).toEqual(['captured'])
    expect(t.core.sync.status()).toMatchObject({ connectivity: 'offline' })
  })

  it('a captive portal (200 HTML) is offline, not an error; when it goes away the job goes through', async () => {
    const t = await fresh({ faults: { captivePortal: true } })
    await t.capture('cp-1', 'u1', { sandboxResult: '0' })
    const r = await t.run()
    expect(r.offline).toBe(true)
    expect(r.offlineReason).toMatch(/HTML page answered instead of the backend/)
    expect(t.job('cp-1')).toMatchObject({ state: 'captured', attempts: 0, last_error: null })
    t.sb.faults.set({ captivePortal: false })
    expect((await t.run()).queue).toMatchObject({ complete: 1 })
  })
})

describe('backend trouble', () => {
  it('503 + Retry-After: the job waits at least that long, says why, then completes', async () => {
    const t = await fresh({ faults: { errorRate: 1, retryAfterSec: 2 } })
    await t.capture('busy-1', 'u1', { sandboxResult: '0' })
    const before = Date.now()
    await t.run({ waitSec: 0 })
    const job = t.job('busy-1')
    expect(job).toMatchObject({ state: 'captured', attempts: 1, last_error: { code: '2201' } })
    const next = Date.parse(t.core.sync.status().nextAttemptAt ?? '')
    expect(next - before).toBeGreaterThanOrEqual(1900)
    t.sb.faults.set({ errorRate: 0 })
    const r = await t.run({ waitSec: 10 })
    expect(r.queue).toMatchObject({ complete: 1 })
    expect(Date.now() - before).toBeGreaterThanOrEqual(1900)
    expect(t.job('busy-1').last_error).toBeNull()
  })

  it('answers lost on the way back (connection cut after the work): still one upload per job', async () => {
    const t = await fresh({ faults: { dropAfterRate: 0.4, seed: 3 } })
    for (let i = 0; i < 8; i++) await t.capture(`lost-${i}`, `u${i}`, { sandboxResult: '0' })
    // Each pass stops when it meets a cut connection (offline); a few passes get everything through.
    for (let pass = 0; pass < 40 && (t.core.sync.status().queue.complete ?? 0) < 8; pass++) {
      await t.run({ waitSec: 5 })
    }
    expect(t.core.sync.status().queue).toMatchObject({ complete: 8 })
    for (const j of t.sb.repo.listJobs()) expect([j.job_id, j.upload_count]).toEqual([j.job_id, 1])
  })
})

describe('upload URLs', () => {
  it('expired on the kiosk side after an offline gap: prepared again with retry, uploaded once', async () => {
    const t = await fresh({ faults: { uploadTtlSec: 2 } })
    await t.capture('ttl-1', 'u1', { sandboxResult: '0' })
    // The network drops right after the prep was recorded (a portal takes over).
    await t.run({
      crash: (p) => p === 'after-prep-recorded' && void t.sb.faults.set({ captivePortal: true }),
    })
    expect(t.job('ttl-1').state).toBe('prepared')
    await new Promise((r) => setTimeout(r, 2600))
    t.sb.faults.set({ captivePortal: false })
    await t.run()
    const job = t.job('ttl-1')
    expect(job.state).toBe('complete')
    expect(job.history.map((e) => e.event)).toEqual([
      'captured',
      'prepared',
      'prep_expired',
      'prepared',
      'uploaded',
      'final_result',
    ])
    expect(job.history[3]?.detail).toMatchObject({ retry: true })
    expect(t.sb.repo.job('ttl-1')).toMatchObject({ prep_count: 2, upload_count: 1 })
  })

  it('refused by the backend (403, its clock says expired): prepared again, uploaded once', async () => {
    const t = await fresh({ faults: { uploadTtlSec: 120 } })
    await t.capture('403-1', 'u1', { sandboxResult: '0' })
    await t.run({
      crash: (p) => p === 'after-prep-recorded' && void t.sb.faults.set({ captivePortal: true }),
    })
    // The backend's clock jumps past the URL's expiry; the kiosk's own clock still thinks it valid.
    t.sb.faults.set({ captivePortal: false, clockSkewSec: 200 })
    await t.run()
    const job = t.job('403-1')
    expect(job.state).toBe('complete')
    expect(job.history.find((e) => e.event === 'prep_expired')?.detail).toMatchObject({
      reason: 'the upload URL was refused (HTTP 403)',
    })
    expect(t.sb.repo.job('403-1')).toMatchObject({ prep_count: 2, upload_count: 1 })
  })
})

describe('upload address gone', () => {
  it('the backend came back on another port: the dead upload URL is replaced by a re-prep', async () => {
    const t = await fresh()
    await t.capture('moved-1', 'u1', { sandboxResult: '0' })
    await t.run({
      crash: (p) => p === 'after-prep-recorded' && void t.sb.faults.set({ captivePortal: true }),
    })
    expect(t.job('moved-1').state).toBe('prepared')
    const dataDir = join(root, String(n), 'backend')
    await t.sb.close()
    const { startSandbox } = await import('../../../electron/sandbox/sandbox-server')
    const { unavailableDecider } = await import('../../../electron/sandbox/sandbox-decider')
    t.sb = await startSandbox({
      dataDir,
      decider: unavailableDecider('test'),
      faults: { processingMs: 0 },
    })
    t.core.settings.set('backend.url', t.sb.url)
    await t.run()
    const job = t.job('moved-1')
    expect(job.state).toBe('complete')
    expect(job.history.find((e) => e.event === 'prep_expired')?.detail?.reason).toMatch(
      /upload address could not be reached/,
    )
    expect(t.sb.repo.job('moved-1')).toMatchObject({ prep_count: 2, upload_count: 1 })
  })
})

describe('clocks, keys and tampering', () => {
  it('a device clock 2 h off: the backend says 2205, sync signs with the backend time and completes', async () => {
    const t = await fresh({ faults: { clockSkewSec: 7200 } })
    await t.capture('skew-1', 'u1', { sandboxResult: '0' })
    const r = await t.run()
    expect(r.queue).toMatchObject({ complete: 1 })
    expect(r.clockOffsetSec).toBeGreaterThan(7190)
    expect(r.clockOffsetSec).toBeLessThan(7210)
    expect(t.job('skew-1').history.some((e) => e.event === 'attention')).toBe(false)
  })

  it('a wrong API key pauses sync for every job (account-level 2205) instead of failing them one by one', async () => {
    const t = await fresh({ settings: { 'backend.apiKey': 'not-the-key' } })
    await t.capture('key-1', 'u1')
    await t.capture('key-2', 'u2')
    const r = await t.run()
    expect(r.blocked).toMatch(/check backend.partnerId and backend.apiKey/)
    expect(r.queue).toMatchObject({ captured: 2 })
    expect(t.core.sync.status().blocked).toMatch(/2205/)
    t.core.settings.set('backend.apiKey', 'harness-key')
    expect((await t.run()).queue).toMatchObject({ complete: 2 })
  })

  it('a job_status answer whose signature does not verify is not believed', async () => {
    const proxy = await startProxy((path, body) =>
      path.endsWith('/job_status')
        ? body.replace(
            /"signature":"[^"]+"/,
            '"signature":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="',
          )
        : body,
    )
    try {
      const t = await fresh({ url: () => proxy.url })
      proxy.target = t.sb.origin
      await t.capture('tamper-1', 'u1', { sandboxResult: '0' })
      await t.run({ waitSec: 0 })
      const job = t.job('tamper-1')
      expect(job.state).toBe('uploaded')
      expect(job.backend_result).toBeNull()
      expect(job.last_error).toMatchObject({ code: 'bad_signature' })
    } finally {
      proxy.close()
    }
  })
})

describe("the backend's per-user refusals", () => {
  it('2209 (already enrolled) needs staff; retrying with allow_new_enroll completes it', async () => {
    const t = await fresh()
    await t.capture('e-1', 'same-user', { sandboxResult: '0' })
    await t.run()
    await t.capture('e-2', 'same-user', { sandboxResult: '0' })
    await t.run()
    const blocked = t.job('e-2')
    expect(blocked).toMatchObject({ state: 'needs_attention', last_error: { code: '2209' } })
    expect(blocked.last_error?.message).toMatch(/already enrolled: retry allowing re-enrolment/)
    const again = await t.core.dispatch('jobs:retry', { jobId: 'e-2', allowNewEnroll: true })
    expect(again).toMatchObject({ ok: true, value: { state: 'captured' } })
    await t.run()
    expect(t.job('e-2')).toMatchObject({
      state: 'complete',
      backend_result: { ResultCode: '0840' },
    })
    expect(t.job('e-2').history.map((e) => e.event)).toContain('staff_retry')
  })

  it('2210 (authenticating a user nobody enrolled) needs staff, with the reason', async () => {
    const t = await fresh()
    await t.capture('a-1', 'stranger', { jobType: 2 })
    await t.run()
    expect(t.job('a-1')).toMatchObject({ state: 'needs_attention', last_error: { code: '2210' } })
    const refused = await t.core.dispatch('jobs:retry', { jobId: 'a-1' })
    expect(refused.ok).toBe(true)
    const complete = await t.core.dispatch('jobs:retry', { jobId: 'nope' })
    expect(complete).toMatchObject({ ok: false, error: { code: 'not_found' } })
  })

  it("a user's authentication waits until their enrolment reached the backend (no 2210 race)", async () => {
    const t = await fresh({ faults: { latencyMs: 30 } })
    await t.capture('order-4', 'orderly', { sandboxResult: '0' })
    await t.capture('order-2', 'orderly', { jobType: 2, sandboxResult: '0' })
    const r = await t.run({ concurrency: 8 })
    expect(r.queue).toMatchObject({ complete: 2 })
    const enrolUploaded = t.job('order-4').history.find((e) => e.event === 'uploaded')?.at ?? ''
    const authPrepared = t.job('order-2').history.find((e) => e.event === 'prepared')?.at ?? ''
    expect(authPrepared >= enrolUploaded).toBe(true)
  })
})

describe('bounded concurrency', () => {
  it('never has more requests in flight than sync.concurrency', async () => {
    const proxy = await startProxy((_p, b) => b, 40)
    try {
      const t = await fresh({ url: () => proxy.url, settings: { 'sync.concurrency': 3 } })
      proxy.target = t.sb.origin
      for (let i = 0; i < 12; i++) await t.capture(`cc-${i}`, `cu-${i}`, { sandboxResult: '0' })
      const r = await t.run()
      expect(r.queue).toMatchObject({ complete: 12 })
      expect(proxy.maxInFlight).toBeLessThanOrEqual(3)
      expect(proxy.maxInFlight).toBeGreaterThanOrEqual(2)
    } finally {
      proxy.close()
    }
  })
})

interface Proxy {
  url: string
  target: string
  maxInFlight: number
  close(): void
}

/** A forwarding HTTP proxy for the API calls: counts concurrency, may rewrite answers. */
async function startProxy(
  rewrite: (path: string, body: string) => string,
  delayMs = 0,
): Promise<Proxy> {
  let inFlight = 0
  const state: Proxy = { url: '', target: '', maxInFlight: 0, close: () => server.close() }
  const server = createServer((req, res) => {
    inFlight++
    state.maxInFlight = Math.max(state.maxInFlight, inFlight)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      setTimeout(() => {
        const up = httpRequest(
          `${state.target}${req.url ?? ''}`,
          { method: req.method, headers: { 'content-type': 'application/json' } },
          (ur) => {
            let body = ''
            ur.on('data', (c: Buffer) => (body += c.toString()))
            ur.on('end', () => {
              inFlight--
              const out = rewrite(req.url ?? '', body)
              res.writeHead(ur.statusCode ?? 502, {
                'content-type': ur.headers['content-type'] ?? 'application/json',
                date: ur.headers.date ?? new Date().toUTCString(),
              })
              res.end(out)
            })
          },
        )
        up.end(Buffer.concat(chunks))
      }, delayMs)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`
  return state
}
