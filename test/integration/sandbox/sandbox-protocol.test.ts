/**
 * The sandbox speaks the v1 protocol: every refusal code of the issue, expiring upload URLs,
 * results with Actions, signed job_status answers, signed callbacks with retries, persistence.
 * A real server on 127.0.0.1, real SQLite, real zips; requests signed exactly as clients do.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import JSZip from 'jszip'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { verifyCallback } from '../../../electron/core/protocol/callback'
import { sign, verifySignature } from '../../../electron/core/protocol/signature'
import { unavailableDecider } from '../../../electron/sandbox/sandbox-decider'
import { startSandbox, type Sandbox } from '../../../electron/sandbox/sandbox-server'
import { tempDir } from '../../support/temp'
import { jobZip, post, prepBody, put, statusBody, submit, until } from './helpers'

const creds = { partnerId: '001', apiKey: 'sandbox-test-key' }
const dir = tempDir('kiosk-sandbox-')
let sb: Sandbox
let base: string

beforeAll(async () => {
  sb = await startSandbox({
    dataDir: dir,
    partnerId: creds.partnerId,
    apiKey: creds.apiKey,
    decider: unavailableDecider('test: no engine'),
    faults: { reviewDelaySec: 0.3, processingMs: 0 },
  })
  base = sb.url
})
afterAll(async () => sb.close())

const pp = (n: string, type: 2 | 4 = 4, extra: Record<string, unknown> = {}) => ({
  user_id: `user-${n}`,
  job_id: `job-${n}`,
  job_type: type,
  ...extra,
})
const code = (r: { body: unknown }) => (r.body as { code?: string }).code

describe('prep upload refusals', () => {
  it.each([
    ['unreadable JSON', () => '{"partner_params":', '2203'],
    ['no signature', () => ({ ...prepBody(creds, pp('a')), signature: undefined }), '2213'],
    ['no partner_params.user_id', () => prepBody(creds, { job_id: 'x', job_type: 4 }), '2213'],
    ['job_type not a number', () => prepBody(creds, pp('b', 4, { job_type: 'four' })), '2204'],
    ['retry as the string "true"', () => prepBody(creds, pp('c'), { retry: 'true' }), '2204'],
    [
      'allow_new_enroll as a string',
      () => prepBody(creds, pp('c'), { allow_new_enroll: 'false' }),
      '2204',
    ],
    [
      'a wrong signature',
      () => ({
        ...prepBody(creds, pp('d')),
        signature: sign({ ...creds, apiKey: 'other' }, new Date()).signature,
      }),
      '2205',
    ],
    ['another partner id', () => prepBody({ ...creds, partnerId: '1' }, pp('d')), '2205'],
    [
      'a timestamp an hour old',
      () => prepBody(creds, pp('d'), {}, new Date(Date.now() - 3_600_000)),
      '2205',
    ],
    ['job type 6', () => prepBody(creds, pp('e', 4, { job_type: 6 })), '2212'],
  ])('%s → %s', async (_what, body, expected) => {
    const r = await post(`${base}/upload`, body())
    expect(r.status).toBeGreaterThanOrEqual(400)
    expect(code(r)).toBe(expected)
    expect(typeof (r.body as { error?: string }).error).toBe('string')
  })

  it('2215 on a second prep of a job id without retry; a fresh upload URL with retry: true', async () => {
    const first = await post(`${base}/upload`, prepBody(creds, pp('dup')))
    expect(first.status).toBe(200)
    expect(first.body).toMatchObject({
      code: '2202',
      smile_job_id: expect.stringMatching(/^\d{10}$/) as unknown,
    })
    const again = await post(`${base}/upload`, prepBody(creds, pp('dup')))
    expect(code(again)).toBe('2215')
    const retried = await post(`${base}/upload`, prepBody(creds, pp('dup'), { retry: true }))
    expect(retried.status).toBe(200)
    const a = first.body as { upload_url: string; smile_job_id: string }
    const b = retried.body as { upload_url: string; smile_job_id: string }
    expect(b.smile_job_id).toBe(a.smile_job_id)
    expect(b.upload_url).not.toBe(a.upload_url)
    // The superseded URL no longer takes uploads.
    expect((await put(a.upload_url, await jobZip('job-dup', 'user-dup', 4))).status).toBe(403)
    expect(sb.repo.job('job-dup')).toMatchObject({ prep_count: 2, upload_count: 0 })
  })

  it('2209 when enrolling an enrolled user, unless allow_new_enroll; 2210 authenticating an unknown user', async () => {
    const s = await submit(base, creds, pp('enrolled', 4, { sandbox_result: '0' }))
    expect(s.upload?.status).toBe(200)
    const again = await post(
      `${base}/upload`,
      prepBody(creds, { user_id: 'user-enrolled', job_id: 'job-enrolled-2', job_type: 4 }),
    )
    expect(code(again)).toBe('2209')
    const allowed = await post(
      `${base}/upload`,
      prepBody(
        creds,
        { user_id: 'user-enrolled', job_id: 'job-enrolled-3', job_type: 4 },
        { allow_new_enroll: true },
      ),
    )
    expect(allowed.status).toBe(200)
    const auth = await post(
      `${base}/upload`,
      prepBody(creds, { user_id: 'nobody', job_id: 'job-nobody', job_type: 2 }),
    )
    expect(code(auth)).toBe('2210')
    sb.repo.setUserStatus('user-enrolled', 'disabled')
    expect(
      code(
        await post(
          `${base}/upload`,
          prepBody(creds, { user_id: 'user-enrolled', job_id: 'job-dis', job_type: 2 }),
        ),
      ),
    ).toBe('2207')
    sb.repo.setUserStatus('user-enrolled', 'deleted')
    expect(
      code(
        await post(
          `${base}/upload`,
          prepBody(creds, { user_id: 'user-enrolled', job_id: 'job-del', job_type: 2 }),
        ),
      ),
    ).toBe('2208')
  })
})

describe('upload and results', () => {
  it('"No zip uploaded yet" before the PUT, then a signed final result with Actions', async () => {
    const prep = await post(
      `${base}/upload`,
      prepBody(creds, pp('ok', 4, { sandbox_result: '0', branch: 'B12' })),
    )
    const before = await post(`${base}/job_status`, statusBody(creds, 'user-ok', 'job-ok'))
    expect(before.body).toMatchObject({ job_complete: false, result: 'No zip uploaded yet' })
    const zip = await jobZip('job-ok', 'user-ok', 4)
    const up = await put((prep.body as { upload_url: string }).upload_url, zip)
    expect(up.status).toBe(200)
    expect(String(up.headers.etag)).toMatch(/^"[0-9a-f]{32}"$/)
    const st = await post(`${base}/job_status`, statusBody(creds, 'user-ok', 'job-ok'))
    const b = st.body as Record<string, unknown>
    expect(verifySignature(creds, b.timestamp, b.signature)).toBe(true)
    expect(b).toMatchObject({
      code: '2302',
      job_complete: true,
      job_success: true,
      result: {
        ResultCode: '0840',
        ResultText: 'Enroll User',
        IsFinalResult: 'true',
        ConfidenceValue: expect.any(String) as unknown,
        SmileJobID: (prep.body as { smile_job_id: string }).smile_job_id,
        PartnerParams: {
          user_id: 'user-ok',
          job_id: 'job-ok',
          job_type: 4,
          sandbox_result: '0',
          branch: 'B12',
        },
        Actions: {
          Liveness_Check: 'Passed',
          Register_Selfie: 'Approved',
          Selfie_Provided: 'Passed',
        },
      },
    })
    expect(sb.repo.job('job-ok')).toMatchObject({
      prep_count: 1,
      upload_count: 1,
      state: 'complete',
    })
  })

  it.each([
    ['1', 'reject', '0841', 'Failed Enroll'],
    [
      '2',
      'provisional then final after review',
      '0844',
      'PROVISIONAL - Possible Spoof - Machine Judgement',
    ],
  ])('sandbox_result "%s" → %s', async (forced, _what, resultCode, text) => {
    await submit(base, creds, pp(`f${forced}`, 4, { sandbox_result: forced }))
    const st = (
      await post(`${base}/job_status`, statusBody(creds, `user-f${forced}`, `job-f${forced}`))
    ).body as Record<string, unknown>
    expect(st.result).toMatchObject({ ResultCode: resultCode, ResultText: text })
    if (forced === '2') {
      expect(st).toMatchObject({ job_complete: false, result: { IsFinalResult: 'false' } })
      await until(() => sb.repo.job('job-f2')?.state === 'complete')
      const fin = (
        await post(`${base}/job_status`, statusBody(creds, 'user-f2', 'job-f2', { history: true }))
      ).body as Record<string, unknown>
      expect(fin).toMatchObject({
        job_complete: true,
        result: {
          ResultCode: '1240',
          IsFinalResult: 'true',
          Actions: { Register_Selfie: 'Approved' },
        },
      })
      expect(fin.history).toEqual([expect.objectContaining({ ResultCode: '0844' })])
    }
  })

  it('processes asynchronously when asked (as behind S3): zip in, no result yet, then the result', async () => {
    sb.faults.set({ processingMs: 300 })
    try {
      const s = await submit(base, creds, pp('async', 4, { sandbox_result: '0' }))
      expect(s.upload?.status).toBe(200)
      const early = (await post(`${base}/job_status`, statusBody(creds, 'user-async', 'job-async')))
        .body
      expect(early).toMatchObject({ job_complete: false, job_success: false, result: null })
      await until(() => sb.repo.job('job-async')?.state === 'complete')
      const late = (await post(`${base}/job_status`, statusBody(creds, 'user-async', 'job-async')))
        .body
      expect(late).toMatchObject({ job_complete: true, result: { ResultCode: '0840' } })
      expect(sb.repo.job('job-async')).toMatchObject({ upload_count: 1, state: 'complete' })
    } finally {
      sb.faults.set({ processingMs: 0 })
    }
  })

  it('says plainly when no face engine decided', async () => {
    await submit(base, creds, pp('noengine'))
    const st = (
      await post(`${base}/job_status`, statusBody(creds, 'user-noengine', 'job-noengine'))
    ).body as { result: Record<string, string> }
    expect(st.result.ResultCode).toBe('0842')
    expect(st.result.ResultText).toContain('face engine not available (test: no engine)')
    expect(st.result.SandboxEngine).toContain('images were not compared')
  })

  const zipWith = async (entries: Record<string, string | Uint8Array>) => {
    const z = new JSZip()
    for (const [k, v] of Object.entries(entries)) z.file(k, v)
    return z.generateAsync({ type: 'uint8array' })
  }
  it.each([
    ['a corrupt zip', () => Promise.resolve(new Uint8Array([0x50, 0x4b, 3, 4, 1, 2, 3])), '0903'],
    ['info.json that is not JSON', async () => zipWith({ 'info.json': '{oops' }), '2203'],
    ['a zip without info.json', async () => zipWith({ 'selfie.jpg': 'x' }), '2213'],
    [
      'no selfie in the zip',
      async () =>
        zipWith({
          'info.json': JSON.stringify({ images: [{ image_type_id: 0, file_name: 'selfie.jpg' }] }),
        }),
      '0001',
    ],
    [
      'a selfie that is not an image',
      async () =>
        zipWith({
          'info.json': JSON.stringify({
            images: [
              {
                image_type_id: 2,
                image: Buffer.from([0xff, 0xd8, 0xff, 0, 1, 2]).toString('base64'),
              },
            ],
          }),
        }),
      '0001',
    ],
  ])('%s → result %s, final, not a success', async (_what, make, resultCode) => {
    const id = `bad-${resultCode}-${Math.random().toString(36).slice(2, 7)}`
    const prep = await post(
      `${base}/upload`,
      prepBody(creds, { user_id: id, job_id: id, job_type: 4 }),
    )
    expect((await put((prep.body as { upload_url: string }).upload_url, await make())).status).toBe(
      200,
    )
    const st = (await post(`${base}/job_status`, statusBody(creds, id, id))).body
    expect(st).toMatchObject({
      job_complete: true,
      job_success: false,
      result: { ResultCode: resultCode, IsFinalResult: 'true' },
    })
  })

  it('2314 for an empty upload; expired upload URLs are refused S3-style', async () => {
    sb.faults.set({ uploadTtlSec: 1 })
    const prep = await post(`${base}/upload`, prepBody(creds, pp('exp')))
    sb.faults.set({ uploadTtlSec: 3600 })
    const url = (prep.body as { upload_url: string }).upload_url
    expect(new URL(url).searchParams.get('Expires')).toMatch(/^\d+$/)
    const empty = await put(url, new Uint8Array(0))
    expect(JSON.parse(empty.text)).toMatchObject({ code: '2314' })
    await new Promise((r) => setTimeout(r, 2100))
    const late = await put(url, await jobZip('job-exp', 'user-exp', 4))
    expect(late.status).toBe(403)
    expect(late.text).toContain('Request has expired')
    expect(sb.repo.job('job-exp')?.upload_count).toBe(0)
    const tampered = await put(
      url.replace(/Signature=[^&]+/, 'Signature=abc'),
      await jobZip('job-exp', 'user-exp', 4),
    )
    expect(tampered.status).toBe(403)
  })

  it('job_status refuses bad signatures (2205) and unknown jobs (404)', async () => {
    const bad = await post(`${base}/job_status`, {
      ...statusBody(creds, 'user-ok', 'job-ok'),
      signature: 'AAAA',
    })
    expect(code(bad)).toBe('2205')
    const unknown = await post(`${base}/job_status`, statusBody(creds, 'user-ok', 'no-such-job'))
    expect(unknown.status).toBe(404)
    const wrongUser = await post(`${base}/job_status`, statusBody(creds, 'someone-else', 'job-ok'))
    expect(wrongUser.status).toBe(404)
  })
})

describe('callbacks', () => {
  it('POSTs every result, signed, to callback_url, retrying until the receiver takes it', async () => {
    const received: Record<string, unknown>[] = []
    let refusals = 2
    const receiver = createServer((req: IncomingMessage, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        if (refusals-- > 0) {
          res.writeHead(500).end()
          return
        }
        received.push(JSON.parse(body) as Record<string, unknown>)
        res.writeHead(200).end('ok')
      })
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/cb`
    try {
      await submit(base, creds, pp('cb', 4, { sandbox_result: '2' }), { callback_url: url })
      await until(() => received.length >= 2, 15_000)
      const checks = received.map((b) => verifyCallback(b, creds, new Date(), 300_000))
      expect(checks.map((c) => c.ok && c.result.ResultCode)).toEqual(['0844', '1240'])
      const log = sb.repo.callbacks().filter((c) => c.job_id === 'job-cb')
      expect(log[0]).toMatchObject({ attempts: 3, last_error: null })
      expect(log.every((c) => c.delivered_at !== null)).toBe(true)
    } finally {
      receiver.close()
    }
  })
})

describe('fault knobs', () => {
  it('captive portal: a 200 HTML page for every API call', async () => {
    sb.faults.set({ captivePortal: true })
    try {
      const r = await post(`${base}/upload`, prepBody(creds, pp('portal')))
      expect(r.status).toBe(200)
      expect(String(r.headers['content-type'])).toContain('text/html')
      expect(r.text).toContain('<html>')
    } finally {
      sb.faults.set({ captivePortal: false })
    }
  })

  it('5xx with Retry-After, and a skewed clock in signed answers and the Date header', async () => {
    sb.faults.set({ errorRate: 1, retryAfterSec: 7 })
    const r = await post(`${base}/upload`, prepBody(creds, pp('busy')))
    sb.faults.set({ errorRate: 0, retryAfterSec: 0, clockSkewSec: 7200 })
    expect(r.status).toBe(503)
    expect(r.headers['retry-after']).toBe('7')
    expect(code(r)).toBe('2201')
    try {
      // A client with a correct clock is now 2 h behind the server: refused as a stale timestamp.
      const stale = await post(`${base}/upload`, prepBody(creds, pp('skew')))
      expect(code(stale)).toBe('2205')
      expect((stale.body as { error: string }).error).toMatch(/too old/)
      expect(Date.parse(String(stale.headers.date)) - Date.now()).toBeGreaterThan(7_000_000)
    } finally {
      sb.faults.set({ clockSkewSec: 0 })
    }
  })
})

describe('persistence', () => {
  it('a restart loses nothing: jobs, counts, enrolments, partner credentials', async () => {
    const prep = await post(`${base}/upload`, prepBody(creds, pp('restart')))
    const url = (prep.body as { upload_url: string }).upload_url
    await sb.close()
    sb = await startSandbox({
      dataDir: dir,
      port: Number(new URL(base).port),
      decider: unavailableDecider('test: no engine'),
      faults: { reviewDelaySec: 0.3, processingMs: 0 },
    })
    expect(sb.partnerId).toBe(creds.partnerId)
    expect(sb.apiKey).toBe(creds.apiKey)
    // The upload URL issued before the restart still works.
    expect((await put(url, await jobZip('job-restart', 'user-restart', 4))).status).toBe(200)
    expect(sb.repo.job('job-restart')).toMatchObject({
      prep_count: 1,
      upload_count: 1,
      state: 'complete',
    })
    expect(sb.repo.user('user-enrolled')).toBeDefined()
  })
})
