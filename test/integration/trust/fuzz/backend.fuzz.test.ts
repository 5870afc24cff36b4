/**
 * The backend as the network can make it look: a real HTTP server on 127.0.0.1 answering the
 * kiosk's prep, upload and job_status requests with generated answers — HTML login pages, wrong
 * types, truncated JSON, `result` as a string / null / array / object, bad and stale signatures,
 * garbage Retry-After and Date headers, cut connections. After every sync pass against it, every
 * job is in a known state reached by legal transitions, its images still decrypt, its last error
 * is one readable line, nothing ended as an internal error, and a job is complete only if the
 * answer that completed it was signed with our key and fresh.
 */
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sign } from '../../../../electron/core/protocol/signature'
import { JOB_STATES, type JobState } from '../../../../electron/shared/domain/job'
import { canTake, JOB_EVENTS, nextState } from '../../../../electron/shared/domain/job-state.policy'
import { fuzzParams } from './fuzz-support'
import {
  creds,
  enrolled,
  fuzzKiosk,
  json,
  signedStatus,
  type Answer,
  type FuzzKiosk,
} from './scripted-backend'

const RUNS = 120
let k: FuzzKiosk
beforeAll(async () => {
  k = await fuzzKiosk('bf-')
})
afterAll(() => k?.close())

// ---- generated answers ----------------------------------------------------------------------

const junkHeaders = fc.record(
  {
    'retry-after': fc.oneof(
      fc.constantFrom(
        '1',
        '0',
        '-5',
        '99999999999999999999',
        'soon',
        'Fri, 31 Dec 9999 23:59:59 GMT',
      ),
      fc.string({ maxLength: 20 }).filter((v) => /^[\x20-\x7e]*$/.test(v)),
    ),
    date: fc.constantFrom(
      'Sat, 13 Sep 275760 00:00:00 GMT',
      'Thu, 01 Jan 1970 00:00:00 GMT',
      'yesterday',
      new Date().toUTCString(),
    ),
    etag: fc.constantFrom('"abc"', '"0-1"', ''),
  },
  { requiredKeys: [] },
)

const weird = fc.oneof(
  fc.constant<Answer>({
    status: 200,
    type: 'text/html',
    body: '<!doctype html><title>Guest Wi-Fi</title><form method=post>',
    headers: {},
  }),
  fc.constant<Answer>({
    status: 302,
    type: 'text/html',
    body: '',
    headers: { location: 'http://portal/' },
  }),
  fc.constant<Answer>({
    status: 200,
    type: 'application/json',
    body: '{"upload_url": "http://x',
    headers: {},
  }),
  fc.constant<Answer>({ status: 200, type: 'application/json', body: '', headers: {} }),
  fc.constant<Answer>({
    status: 200,
    type: 'application/json',
    body: '{}',
    headers: {},
    cut: true,
  }),
  fc
    .tuple(
      fc.constantFrom(200, 400, 401, 403, 404, 429, 500, 502, 503),
      fc.jsonValue({ maxDepth: 3 }),
      junkHeaders,
    )
    .map(([status, v, h]) => json(status, v, h)),
  fc
    .tuple(
      fc.constantFrom(400, 401, 403, 429, 503),
      fc.oneof(
        fc.constantFrom('2201', '2203', '2204', '2205', '2209', '2210', '2215', '0903'),
        fc.jsonValue(),
      ),
      junkHeaders,
    )
    .map(([status, code, h]) => json(status, { code, error: 'said the backend' }, h)),
)

/** A prep answer: mostly good (so the job goes on to the upload and the polls), else weird. */
const prepAnswer = (upload: string) =>
  fc.oneof(
    {
      weight: 6,
      arbitrary: fc
        .record({
          upload_url: fc.oneof(
            { weight: 6, arbitrary: fc.constant(upload) },
            fc.constant(`${upload}?Expires=99999999999999999999`),
            fc.constant(`${upload}?Expires=-1`),
            fc.constantFrom('javascript:alert(1)', 'ftp://x/y', 'http://127.0.0.1:9/nowhere'),
            fc.jsonValue(),
          ),
          smile_job_id: fc.oneof(fc.constant('0000000001'), fc.jsonValue()),
          code: fc.constantFrom('2202', 2202),
        })
        .map((b) => json(200, b)),
    },
    { weight: 1, arbitrary: weird },
  )

const putAnswer = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.constant<Answer>({ status: 200, type: 'text/plain', body: '', headers: {} }),
  },
  {
    weight: 1,
    arbitrary: fc.constant<Answer>({
      status: 403,
      type: 'application/xml',
      body: '<Error><Code>AccessDenied</Code></Error>',
      headers: {},
    }),
  },
  { weight: 1, arbitrary: weird },
)

interface StatusPlan {
  answer: Answer
  signedWell: boolean
  final: boolean
}

/** A job_status answer: signed well, with a wrong key, or with a stale timestamp; any result. */
const statusAnswer: fc.Arbitrary<StatusPlan> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        signing: fc.oneof(
          { weight: 4, arbitrary: fc.constant('good') },
          { weight: 4, arbitrary: fc.constantFrom('wrong_key', 'stale', 'future', 'garbage') },
        ),
        code: fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom('2302', 2302) },
          { weight: 1, arbitrary: fc.jsonValue() },
        ),
        complete: fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom(true, 'true', 1) },
          { weight: 2, arbitrary: fc.constantFrom(false, 'false', null, 'maybe') },
        ),
        result: fc.oneof(
          fc.constant<unknown>('No zip uploaded yet'),
          fc.constant<unknown>(null),
          fc.jsonValue({ maxDepth: 2 }),
          {
            weight: 4,
            arbitrary: fc.record(
              {
                ResultCode: fc.oneof(
                  {
                    weight: 4,
                    arbitrary: fc.constantFrom('0810', '0811', '0812', '0814', '0903', '2203'),
                  },
                  { weight: 1, arbitrary: fc.jsonValue() },
                ),
                ResultText: fc.oneof(fc.string(), fc.jsonValue()),
                IsFinalResult: fc.oneof(
                  fc.constantFrom('true', 'false', true, false),
                  fc.jsonValue(),
                ),
                Actions: fc.jsonValue({ maxDepth: 2 }),
                SmileJobID: fc.jsonValue(),
              },
              { requiredKeys: ['ResultCode'] },
            ),
          },
        ),
      })
      .map((p): StatusPlan => {
        // Signed when sent, against the kiosk's clock of that moment (the test moves it).
        const body = () => {
          const off = { stale: -48, future: 48 }[p.signing as string] ?? 0
          const at = new Date(k.clock.ms + off * 3_600_000)
          const key = p.signing === 'wrong_key' ? { ...creds, apiKey: 'not-ours' } : creds
          return JSON.stringify({
            ...(p.signing === 'garbage' ? { timestamp: 12, signature: ['x'] } : sign(key, at)),
            code: p.code,
            job_complete: p.complete,
            job_success: true,
            result: p.result,
          })
        }
        return {
          answer: { status: 200, type: 'application/json', body, headers: {} },
          signedWell: p.signing === 'good',
          final: p.complete === true || p.complete === 'true' || p.complete === 1,
        }
      }),
  },
  { weight: 1, arbitrary: weird.map((answer) => ({ answer, signedWell: false, final: false })) },
)

/** A job_status answer signed well at the moment it is sent. */
const signedPlan = (complete: boolean, result: unknown): StatusPlan => ({
  answer: signedStatus(k.clock, complete, result),
  signedWell: true,
  final: complete,
})

// ---- the oracle -----------------------------------------------------------------------------

function expectJobSafe(jobId: string, completedBy: { signedWell: boolean } | null): void {
  const job = k.core.jobs.require(jobId)
  expect(JOB_STATES).toContain(job.state)
  // Every recorded move is one the state machine allows.
  let state: JobState | null = null
  for (const h of job.history) {
    if (h.from !== null) expect(h.from, `${jobId}: ${h.event}`).toBe(state)
    if (h.from !== null && h.from !== h.to) {
      const from = h.from
      const legal = JOB_EVENTS.some((e) => canTake(from, e) && nextState(from, e) === h.to)
      expect(legal, `${jobId}: ${h.from} → ${h.to} by ${h.event}`).toBe(true)
    }
    state = h.to
  }
  expect(state).toBe(job.state)
  if (job.last_error !== null) {
    expect(job.last_error.code, JSON.stringify(job.last_error)).not.toBe('internal')
    expect(job.last_error.message.length).toBeGreaterThan(0)
    expect(job.last_error.message).not.toMatch(/[\r\n]/)
  }
  if (job.state === 'complete') expect(completedBy?.signedWell, `${jobId} completed`).toBe(true)
  // The images are untouched by whatever the network did.
  expect(k.core.jobs.readImages(jobId).map((i) => i.bytes.subarray(0, 3).toString('hex'))).toEqual([
    'ffd8ff',
    'ffd8ff',
  ])
}

describe('backend answers fuzz', () => {
  it('control: well-formed answers, signed now, take a job to complete', async () => {
    const jobId = await k.capture()
    k.backend.next = {
      prep: json(200, {
        upload_url: `${k.backend.url}/uploads/099/ref/selfie.zip`,
        smile_job_id: '0000000007',
        code: '2202',
      }),
      put: { status: 200, type: 'text/plain', body: '', headers: {} },
      status: signedStatus(k.clock, true, enrolled()),
    }
    await k.core.sync.run({ waitSec: 0 })
    expect(k.core.jobs.require(jobId)).toMatchObject({ state: 'complete', last_error: null })
  })

  it('any answers: jobs stay in legal states with readable reasons; complete only when signed and fresh', async () => {
    const upload = `${k.backend.url}/uploads/099/ref/selfie.zip`
    const anyCase = fc.record({
      clean: fc.constant(false),
      prep: prepAnswer(upload),
      put: putAnswer,
      statuses: fc.array(statusAnswer, { minLength: 1, maxLength: 3 }),
    })
    // About one case in five is a well-formed exchange (a few signed "still processing" polls,
    // then a signed final result): it must complete, so the property can never pass vacuously.
    const cleanCase = fc
      .record({ polls: fc.nat({ max: 2 }), code: fc.constantFrom('0810', '0811', '0812') })
      .map(({ polls, code }) => ({
        clean: true,
        prep: json(200, { upload_url: upload, smile_job_id: '0000000001', code: '2202' }),
        put: { status: 200, type: 'text/plain', body: '', headers: {} } satisfies Answer,
        statuses: [
          ...Array.from({ length: polls }, () => signedPlan(false, 'No zip uploaded yet')),
          signedPlan(true, enrolled(code)),
        ],
      }))
    let cleanCases = 0
    await fc.assert(
      fc.asyncProperty(
        fc.oneof({ weight: 1, arbitrary: cleanCase }, { weight: 4, arbitrary: anyCase }),
        async ({ clean, prep, put, statuses }) => {
          const jobId = await k.capture()
          k.backend.next = { prep, put }
          let completedBy: StatusPlan | null = null
          for (const st of statuses) {
            k.backend.next.status = st.answer
            const before = k.core.jobs.require(jobId).state
            await k.core.sync.run({ waitSec: 0 })
            if (before !== 'complete' && k.core.jobs.require(jobId).state === 'complete') {
              completedBy = st
            }
            // Make the job's scheduled retry or poll due for the next pass. (Moving the clock
            // hours on instead would look like a wall-clock jump to field mode's clock check.)
            k.core.db.prepare('UPDATE jobs SET next_attempt_at = NULL WHERE job_id = ?').run(jobId)
            k.clock.ms += 1000
          }
          expectJobSafe(jobId, completedBy)
          if (clean) {
            cleanCases += 1
            expect(k.core.jobs.require(jobId), 'a well-formed exchange').toMatchObject({
              state: 'complete',
              last_error: null,
            })
          }
          // Out of the way of the next cases' passes (each pass would take every job again).
          k.core.db
            .prepare(
              `UPDATE jobs SET next_attempt_at = '9999-01-01T00:00:00.000Z' WHERE job_id = ?`,
            )
            .run(jobId)
        },
      ),
      fuzzParams(RUNS),
    )
    const states = k.core.sync.status().queue
    process.stdout.write(
      `backend fuzz outcomes: ${JSON.stringify(states)}, well-formed cases: ${cleanCases}\n`,
    )
    // Not a vacuous pass either way: the random answers left jobs short of complete.
    const total = Object.values(states).reduce((n, c) => n + c, 0)
    expect(total - (states.complete ?? 0), JSON.stringify(states)).toBeGreaterThan(0)
  }, 120_000)
})
