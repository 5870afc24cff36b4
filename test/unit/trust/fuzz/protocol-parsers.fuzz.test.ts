/**
 * Property tests of every pure parser between the kiosk and the backend: whatever a server (or a
 * man in the middle) sends, each parser answers with a value or a reason, never a throw, and never
 * lets an unsigned, mis-signed or stale answer through.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { bodyMac, verifyBodyMac, verifyCallback } from '../../../../electron/core/protocol/callback'
import { classifyErrorCode } from '../../../../electron/core/protocol/error-codes'
import { InfoJson } from '../../../../electron/core/protocol/info-json'
import { parseJobStatus } from '../../../../electron/core/protocol/job-status'
import { PrepUploadResponse, uploadUrlExpiry } from '../../../../electron/core/protocol/prep-upload'
import {
  checkTimestamp,
  computeSignature,
  parseTimestamp,
  sign,
  verifySignature,
} from '../../../../electron/core/protocol/signature'
import { decideStatus } from '../../../../electron/core/protocol/status.policy'
import {
  backoffDelay,
  parseRetryAfter,
  pollDelay,
  retryDelay,
  RETRY_BACKOFF,
} from '../../../../electron/core/sync/backoff.policy'
import { validatePrep } from '../../../../electron/sandbox/sandbox-prep.route'
import { fuzzParams, jsonish } from '../../../support/fuzz'

const creds = { partnerId: '077', apiKey: 'unit-fuzz-key' }
const NOW = new Date('2026-03-01T12:00:00.000Z')

/** A job_status body: sometimes well formed, with every field possibly of the wrong type. */
const statusBody = fc.record(
  {
    timestamp: fc.oneof(fc.constant(NOW.toISOString()), jsonish()),
    signature: fc.oneof(fc.constant(sign(creds, NOW).signature), fc.base64String(), jsonish()),
    code: fc.oneof(fc.constantFrom('2302', '2201', '2203', '0903', 2302), jsonish()),
    job_complete: fc.oneof(fc.boolean(), fc.constantFrom('true', 'false', 'yes', 1, 0), jsonish()),
    job_success: jsonish(),
    result: fc.oneof(
      fc.constant('No zip uploaded yet'),
      fc.constant(null),
      fc.record(
        {
          ResultCode: fc.oneof(fc.constantFrom('0810', '0811', '0812', '0903', '2203'), jsonish()),
          ResultText: jsonish(),
          SmileJobID: jsonish(),
          IsFinalResult: fc.oneof(fc.constantFrom('true', 'false', true, false), jsonish()),
          Actions: jsonish(),
          PartnerParams: jsonish(),
        },
        { requiredKeys: [] },
      ),
      jsonish(),
    ),
    history: jsonish(),
  },
  { requiredKeys: [] },
)

describe('job_status answers', () => {
  it('parse to a decision or a reason, never a throw, whatever the types', () => {
    fc.assert(
      fc.property(fc.oneof(statusBody, jsonish()), (body) => {
        const p = parseJobStatus(body)
        if (!p.ok) {
          expect(p.reason).toMatch(/^job_status /)
          return
        }
        const d = decideStatus(p.status)
        expect(['not_received', 'processing', 'provisional', 'final', 'error']).toContain(d.kind)
        // A final or provisional decision always carries the result object exactly as received.
        if (d.kind === 'final' || d.kind === 'provisional') {
          expect(d.result).toBe((body as { result: unknown }).result)
        }
      }),
      fuzzParams(2000),
    )
  })

  it('only a signature over the answer’s own timestamp with our key verifies', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.string(), jsonish()),
        fc.oneof(fc.base64String(), jsonish()),
        fc.string(),
        (timestamp, signature, key) => {
          const text = typeof timestamp === 'string' && timestamp !== ''
          const real = text ? computeSignature(creds, timestamp) : null
          expect(verifySignature(creds, timestamp, signature)).toBe(text && signature === real)
          if (text) {
            expect(verifySignature(creds, timestamp, real)).toBe(true)
            const forged = computeSignature({ ...creds, apiKey: key }, timestamp)
            expect(verifySignature(creds, timestamp, forged)).toBe(key === creds.apiKey)
          }
        },
      ),
      fuzzParams(1000),
    )
  })
})

describe('callbacks', () => {
  it('a callback verifies only when signed with our key, fresh, and an object', () => {
    fc.assert(
      fc.property(
        fc.oneof(jsonish(), fc.dictionary(fc.string(), jsonish())),
        fc.integer({ min: -48, max: 48 }),
        fc.boolean(),
        (body, hoursOff, signWithOurKey) => {
          const at = new Date(NOW.getTime() + hoursOff * 3_600_000)
          const signed =
            body !== null && typeof body === 'object' && !Array.isArray(body)
              ? {
                  ...(body as Record<string, unknown>),
                  ...sign(signWithOurKey ? creds : { ...creds, apiKey: 'other' }, at),
                }
              : body
          const r = verifyCallback(signed, creds, NOW, 15 * 60_000)
          if (r.ok) {
            expect(signWithOurKey).toBe(true)
            expect(hoursOff).toBe(0)
          } else {
            expect([
              'not_an_object',
              'bad_signature',
              'bad_shape',
              'too_old',
              'in_future',
              'malformed',
            ]).toContain(r.reason)
          }
        },
      ),
      fuzzParams(1000),
    )
  })

  it('a replayed callback with another body fails the body MAC', () => {
    fc.assert(
      fc.property(fc.json(), fc.json(), (a, b) => {
        const mac = bodyMac(creds.apiKey, a)
        expect(verifyBodyMac(creds.apiKey, b, mac)).toBe(a === b)
        expect(verifyBodyMac(creds.apiKey, a, a)).toBe(false)
      }),
      fuzzParams(500),
    )
  })
})

describe('timestamps and waits', () => {
  it('timestamps parse to a finite time or null; the window check never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.date({ noInvalidDate: false }).map((d) => String(d)),
          jsonish(),
        ),
        (t) => {
          const ms = parseTimestamp(t)
          expect(ms === null || Number.isFinite(ms)).toBe(true)
          expect(['ok', 'malformed', 'too_old', 'in_future']).toContain(
            checkTimestamp(t, NOW, 60_000),
          )
        },
      ),
      fuzzParams(1000),
    )
  })

  it('Retry-After in any form gives null or a wait of at most 6 hours once applied', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.stringMatching(/^\d{1,400}$/),
          fc
            .date({ noInvalidDate: false })
            .map((d) => (isNaN(d.getTime()) ? 'x' : d.toUTCString())),
        ),
        fc.integer({ min: 1, max: 100 }),
        (header, failures) => {
          const wait = parseRetryAfter(header, NOW)
          expect(wait === null || wait >= 0).toBe(true)
          const delay = retryDelay(backoffDelay(failures, RETRY_BACKOFF, Math.random), wait)
          expect(Number.isFinite(delay)).toBe(true)
          expect(delay).toBeLessThanOrEqual(6 * 3_600_000)
          expect(pollDelay(failures, Math.random)).toBeLessThanOrEqual(10 * 60_000)
        },
      ),
      fuzzParams(1000),
    )
  })

  it('an upload URL always gives a real expiry date, whatever it says', () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.webUrl({ withQueryParameters: true }), fc.string()),
        fc.oneof(
          fc.string(),
          fc.bigInt().map(String),
          fc.double().map(String),
          fc.integer({ min: 0, max: 4_000_000_000 }).map(String),
        ),
        (url, expires) => {
          const u = `${url}${url.includes('?') ? '&' : '?'}Expires=${encodeURIComponent(expires)}`
          const at = uploadUrlExpiry(u, NOW, 30 * 60_000)
          expect(Number.isNaN(at.getTime())).toBe(false)
          expect(() => at.toISOString()).not.toThrow()
        },
      ),
      fuzzParams(400),
    )
  })
})

describe('prep upload', () => {
  it('an answer is accepted only with an http(s) upload_url and a job id', () => {
    fc.assert(
      fc.property(
        fc.record(
          {
            upload_url: fc.oneof(
              fc.webUrl(),
              fc.constantFrom('javascript:alert(1)', 'file:///x'),
              jsonish(),
            ),
            smile_job_id: jsonish(),
            code: jsonish(),
          },
          { requiredKeys: [] },
        ),
        (body) => {
          const r = PrepUploadResponse.safeParse(body)
          if (r.success) expect(new URL(r.data.upload_url).protocol).toMatch(/^https?:$/)
        },
      ),
      fuzzParams(1000),
    )
  })

  it('the sandbox validates any request body into a request or a vendor code', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          jsonish(),
          fc.record(
            {
              smile_client_id: jsonish(),
              signature: jsonish(),
              timestamp: jsonish(),
              partner_params: fc.oneof(
                jsonish(),
                fc.record(
                  { user_id: jsonish(), job_id: jsonish(), job_type: jsonish() },
                  { requiredKeys: [] },
                ),
              ),
              retry: jsonish(),
              allow_new_enroll: jsonish(),
              callback_url: fc.oneof(fc.webUrl(), jsonish()),
            },
            { requiredKeys: [] },
          ),
        ),
        (body) => {
          const v = validatePrep(body)
          if (v.ok) {
            expect(typeof v.req.partnerParams.user_id).toBe('string')
            expect(Number.isInteger(v.req.jobType)).toBe(true)
          } else {
            expect(['2203', '2204', '2213']).toContain(v.code)
            expect(v.status).toBe(400)
          }
        },
      ),
      fuzzParams(1000),
    )
  })

  it('every error code, known or not, classifies to an action staff can take', () => {
    fc.assert(
      fc.property(fc.oneof(fc.stringMatching(/^\d{4}$/), fc.string()), (code) => {
        const info = classifyErrorCode(code)
        expect(info.staff.length).toBeGreaterThan(0)
        expect(info.staff).not.toMatch(/\n/)
      }),
      fuzzParams(500),
    )
  })

  it('info.json parses or refuses, never throws', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          jsonish(),
          fc.record({
            images: fc.array(
              fc.record(
                { image_type_id: jsonish(), image: jsonish(), file_name: jsonish() },
                { requiredKeys: [] },
              ),
            ),
          }),
        ),
        (info) => {
          const r = InfoJson.safeParse(info)
          if (r.success) {
            for (const i of r.data.images) expect(i.image_type_id).toBeGreaterThanOrEqual(0)
          }
        },
      ),
      fuzzParams(1000),
    )
  })
})
