/**
 * A scripted backend for the sync fuzz tests: a real HTTP server on 127.0.0.1 that answers the
 * kiosk's prep, upload and job_status requests with whatever the test sets in `next`, dated with
 * the test's clock; and a kiosk core in live mode pointed at it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { openCore, type Core } from '../../../../electron/core/core'
import { keyringFromKey } from '../../../../electron/core/crypto/keyring'
import { sign } from '../../../../electron/core/protocol/signature'
import { solidJpeg } from '../../../support/images'
import { tempDir } from '../../../support/temp'
import { deviceKey } from '../trust-support'

export const creds = { partnerId: '099', apiKey: 'backend-fuzz-key' }

/** One answer the scripted backend gives. */
export interface Answer {
  status: number
  type: string
  /** A function is called as the answer is sent (a signature over the time it is sent). */
  body: string | (() => string)
  headers: Record<string, string>
  /** Destroy the socket after the headers (the answer is lost on the way). */
  cut?: boolean
}

export const json = (
  status: number,
  value: unknown,
  headers: Record<string, string> = {},
): Answer => ({
  status,
  type: 'application/json',
  body: JSON.stringify(value),
  headers,
})

/** Writes `a` as the answer to `res`, dated `dateMs` unless the answer sets its own Date. */
export function answer(res: ServerResponse, a: Answer, dateMs: number): void {
  res.writeHead(a.status, {
    date: new Date(dateMs).toUTCString(),
    'content-type': a.type,
    ...a.headers,
  })
  if (a.cut) {
    res.flushHeaders()
    res.socket?.destroy()
    return
  }
  res.end(typeof a.body === 'function' ? a.body() : a.body)
}

/** A job_status answer signed with our key at the moment it is sent, by the test's clock. */
export const signedStatus = (clock: TestClock, complete: boolean, result: unknown): Answer => ({
  status: 200,
  type: 'application/json',
  headers: {},
  body: () =>
    JSON.stringify({
      ...sign(creds, new Date(clock.ms)),
      code: '2302',
      job_complete: complete,
      job_success: true,
      result,
    }),
})

/** The final result of a new enrolment, as the backend's job_status carries it. */
export const enrolled = (code = '0810') => ({
  ResultCode: code,
  ResultText: 'Enroll User',
  IsFinalResult: 'true',
})

export interface Scripted {
  url: string
  next: Partial<Record<'prep' | 'put' | 'status', Answer>>
  requests: number
  close(): Promise<void>
}

/** The kiosk's clock, which the test moves; the backend dates its answers with it too. */
export interface TestClock {
  ms: number
}

export async function scriptedBackend(clock: TestClock): Promise<Scripted> {
  const s: Omit<Scripted, 'url' | 'close'> = { next: {}, requests: 0 }
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    s.requests++
    req.resume()
    req.on('end', () => {
      const route =
        req.method === 'PUT' ? 'put' : req.url?.endsWith('/job_status') ? 'status' : 'prep'
      // The backend's clock is the test's clock (the kiosk may adopt it), unless the answer lies.
      answer(res, s.next[route] ?? json(503, { code: '2201', error: 'no script' }), clock.ms)
    })
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return Object.assign(s, {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections()
        server.close(() => r())
      }),
  })
}

export interface FuzzKiosk {
  core: Core
  backend: Scripted
  clock: TestClock
  /** Captures a new job (selfie and one frame); returns its id. */
  capture(): Promise<string>
  close(): Promise<void>
}

/** A real core on a temp folder, live mode, pointed at a fresh scripted backend. */
export async function fuzzKiosk(prefix: string): Promise<FuzzKiosk> {
  const clock: TestClock = { ms: Date.now() }
  const backend = await scriptedBackend(clock)
  const jpeg = await solidJpeg(160, 120)
  const core = openCore({
    dataDir: tempDir(prefix),
    keyring: keyringFromKey(deviceKey, 'test'),
    localChecks: () => Promise.resolve(null),
    clock: () => new Date(clock.ms),
  })
  core.settings.set('backend.mode', 'live')
  core.settings.set('backend.url', `${backend.url}/v1`)
  core.settings.set('backend.partnerId', creds.partnerId)
  core.settings.set('backend.apiKey', creds.apiKey)
  // Most cases never reach the backend: field mode's capture guards ("not synced for N days",
  // "too many unsent jobs") must not start refusing the next cases' captures.
  core.settings.set('field.maxDaysWithoutSync', 0)
  core.settings.set('field.maxBacklog', 0)
  let jobs = 0
  return {
    core,
    backend,
    clock,
    async capture() {
      const jobId = `${prefix}${++jobs}`
      await core.capture.capture({
        jobType: 4,
        userId: `user-${jobId}`,
        jobId,
        images: [
          { kind: 'selfie', bytes: jpeg },
          { kind: 'liveness', bytes: jpeg },
        ],
      })
      return jobId
    },
    async close() {
      await core.sync.close()
      core.close()
      await backend.close()
    },
  }
}
