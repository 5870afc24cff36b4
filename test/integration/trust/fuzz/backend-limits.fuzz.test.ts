/**
 * Answers that must not take the kiosk down: a body that never ends (read in bounded memory), a
 * Retry-After meant to stall sync forever, and the bank endpoint the relay delivers results to,
 * answering anything: a result counts as delivered only on a real 2xx.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { until } from '../../sandbox/helpers'
import { fuzzParams } from './fuzz-support'
import {
  answer,
  enrolled,
  fuzzKiosk,
  json,
  signedStatus,
  type Answer,
  type FuzzKiosk,
} from './scripted-backend'

let k: FuzzKiosk
beforeAll(async () => {
  k = await fuzzKiosk('bl-')
})
afterAll(() => k?.close())

describe('answers that must not take the kiosk down', () => {
  it('a body that never ends is cut at 2 MB: the job stays queued, memory stays put', async () => {
    const jobId = await k.capture()
    let sent = 0
    const endless = createServer((req, res) => {
      req.resume()
      res.writeHead(200, { 'content-type': 'application/json' })
      const chunk = Buffer.alloc(1024 * 1024, 0x20)
      const more = () => {
        while (!res.destroyed && sent < 1024 * 1024 * 1024) {
          sent += chunk.length
          if (!res.write(chunk)) return void res.once('drain', more)
        }
      }
      res.write('{"upload_url": "')
      more()
    })
    await new Promise<void>((r) => endless.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(endless.address() as AddressInfo).port}/v1`
    k.core.settings.set('backend.url', url)
    try {
      const rss = process.memoryUsage().rss
      const r = await k.core.sync.run({ waitSec: 0 })
      expect(r.offline).toBe(true)
      expect(r.offlineReason).toMatch(/larger than 2 MB and was not read/)
      expect((process.memoryUsage().rss - rss) / 1e6).toBeLessThan(100)
      // The kiosk hung up: the server got nowhere near the gigabyte it meant to send.
      expect(sent).toBeLessThan(64 * 1024 * 1024)
      expect(k.core.jobs.require(jobId)).toMatchObject({ state: 'captured', last_error: null })
    } finally {
      k.core.settings.set('backend.url', `${k.backend.url}/v1`)
      await new Promise<void>((r) => {
        endless.closeAllConnections()
        endless.close(() => r())
      })
      k.core.db.prepare(`UPDATE jobs SET next_attempt_at = '9999-01-01T00:00:00.000Z'`).run()
    }
  })

  it('Retry-After: 99999999999999999999 holds sync back hours (6 h + jitter), not until a restart', async () => {
    const jobId = await k.capture()
    k.backend.next = {
      prep: json(503, { code: '2201', error: 'busy' }, { 'retry-after': '99999999999999999999' }),
    }
    await k.core.sync.run({ waitSec: 0 })
    const job = k.core.jobs.require(jobId)
    expect(job).toMatchObject({ state: 'captured', last_error: { code: '2201' } })
    const next = Date.parse(k.core.sync.status().nextAttemptAt ?? '')
    expect(next - k.clock.ms).toBeLessThanOrEqual(6 * 3_600_000)

    // The app's background loop, 9 h 10 min later (the pause the pass above set, which the loop
    // shares, is the capped wait plus up to half again of jitter).
    k.backend.next = { prep: json(400, { code: '2204', error: 'now I answer' }) }
    k.clock.ms += 9 * 3_600_000 + 10 * 60_000
    k.core.sync.startLoop()
    try {
      await until(() => k.core.jobs.require(jobId).state !== 'captured', 10_000)
    } finally {
      await k.core.sync.stopLoop()
    }
    expect(k.core.jobs.require(jobId)).toMatchObject({
      state: 'failed',
      last_error: { code: '2204' },
    })
  })
})

describe('the bank endpoint (relay) fuzz', () => {
  it('a result counts as relayed only on a 2xx that is not a web page; else it waits with a reason', async () => {
    let bankAnswer: Answer = json(200, {})
    const bank = createServer((req, res) => {
      req.resume()
      // A cut here comes before any answer: the bank never said whether it took the result.
      req.on('end', () =>
        bankAnswer.cut ? res.socket?.destroy() : answer(res, bankAnswer, k.clock.ms),
      )
    })
    await new Promise<void>((r) => bank.listen(0, '127.0.0.1', r))
    k.core.settings.set(
      'relay.url',
      `http://127.0.0.1:${(bank.address() as AddressInfo).port}/results`,
    )
    const bankAnswers = fc.oneof(
      fc
        .tuple(
          fc.constantFrom(200, 201, 202, 204, 301, 400, 401, 404, 500, 503),
          fc.constantFrom('application/json', 'text/html; charset=utf-8', 'text/plain'),
          fc.oneof(
            fc.jsonValue().map((v) => JSON.stringify(v)),
            fc.constant('<html>portal</html>'),
          ),
        )
        .map(([status, type, body]): Answer => ({ status, type, body, headers: {} })),
      fc.constant<Answer>({
        status: 200,
        type: 'application/json',
        body: 'x'.repeat(8 * 1024 * 1024),
        headers: {},
      }),
      fc.constant<Answer>({
        status: 200,
        type: 'application/json',
        body: '',
        headers: {},
        cut: true,
      }),
    )
    try {
      await fc.assert(
        fc.asyncProperty(bankAnswers, async (answer) => {
          const jobId = await k.capture()
          k.backend.next = {
            prep: json(200, {
              upload_url: `${k.backend.url}/uploads/099/ref/selfie.zip`,
              smile_job_id: '7',
              code: '2202',
            }),
            put: { status: 200, type: 'text/plain', body: '', headers: {} },
            status: signedStatus(k.clock, true, enrolled()),
          }
          bankAnswer = answer
          await k.core.sync.run({ waitSec: 0 })
          expect(k.core.jobs.require(jobId).state).toBe('complete')
          const [entry, ...more] = k.core.sync.relayFor(jobId)
          expect(more).toHaveLength(0)
          const accepted =
            answer.status >= 200 && answer.status < 300 && !answer.cut && !/html/.test(answer.type)
          expect(entry?.delivered_at !== null, JSON.stringify(entry)).toBe(accepted)
          if (!accepted) {
            expect(entry?.last_error ?? '').toMatch(/^[^\n]+$/)
            // Out of the way of the next case (one user's results go in order; these are all new users).
            k.core.db
              .prepare(`UPDATE relay_outbox SET next_attempt_at = '9999' WHERE job_id = ?`)
              .run(jobId)
          }
          k.clock.ms += 60_000
        }),
        fuzzParams(40),
      )
    } finally {
      k.core.settings.set('relay.url', '')
      await new Promise<void>((r) => {
        bank.closeAllConnections()
        bank.close(() => r())
      })
    }
  })
})
