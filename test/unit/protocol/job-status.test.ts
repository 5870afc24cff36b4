import { describe, expect, it } from 'vitest'
import { jobStatusBody, parseJobStatus } from '../../../electron/core/protocol/job-status'
import { decideStatus } from '../../../electron/core/protocol/status.policy'

const signed = { timestamp: '2024-01-01T00:00:00.000Z', signature: 'sig' }
const result = (extra: Record<string, unknown> = {}) => ({
  ResultCode: '0840',
  ResultText: 'Enroll User',
  SmileJobID: '0000000001',
  IsFinalResult: 'true',
  Actions: { Liveness_Check: 'Passed', Register_Selfie: 'Approved' },
  PartnerParams: { job_id: 'j', user_id: 'u', job_type: 4 },
  ...extra,
})

describe('job_status request', () => {
  it('carries partner_id (not smile_client_id), the ids, and the signature fields', () => {
    expect(jobStatusBody({ partnerId: '001', userId: 'u', jobId: 'j' }, signed)).toEqual({
      partner_id: '001',
      user_id: 'u',
      job_id: 'j',
      image_links: false,
      history: false,
      ...signed,
    })
  })
})

describe('job_status parser (tolerant)', () => {
  it.each([
    ['not an object', 'oops', false],
    ['an array', [], false],
    ['null', null, false],
    ['an empty object', {}, true],
  ])('%s → ok %s', (_what, body, ok) => {
    expect(parseJobStatus(body).ok).toBe(ok)
  })

  it('reads a string result, string booleans and a numeric code', () => {
    const p = parseJobStatus({
      ...signed,
      code: 2302,
      job_complete: 'false',
      job_success: 'False',
      result: 'No zip uploaded yet',
    })
    expect(p.ok && p.status).toMatchObject({
      code: '2302',
      complete: false,
      success: false,
      result: null,
      resultText: 'No zip uploaded yet',
    })
  })

  it('keeps the result exactly as received and drops non-string Actions', () => {
    const raw = result({
      Actions: { Liveness_Check: 'Passed', Weird: 3 },
      ConfidenceValue: 99,
      Extra: { a: 1 },
    })
    const p = parseJobStatus({
      ...signed,
      code: '2302',
      job_complete: true,
      job_success: true,
      result: raw,
      history: [raw, 'x'],
    })
    if (!p.ok) throw new Error(p.reason)
    expect(p.status.rawResult).toBe(raw)
    expect(p.status.result?.Actions).toEqual({ Liveness_Check: 'Passed' })
    expect(p.status.result?.ConfidenceValue).toBe('99')
    expect(p.status.result?.IsFinalResult).toBe(true)
    expect(p.status.history).toHaveLength(1)
  })
})

describe('what a job_status means', () => {
  it.each([
    [
      'no zip yet (string result)',
      { job_complete: false, result: 'No zip uploaded yet' },
      'not_received',
    ],
    ['2314 in the code', { code: '2314', job_complete: false, result: null }, 'not_received'],
    ['zip in, no result', { code: '2302', job_complete: false, result: null }, 'processing'],
    ['final approval', { job_complete: true, job_success: true, result: result() }, 'final'],
    [
      'final with IsFinalResult missing',
      { job_complete: true, result: result({ IsFinalResult: undefined }) },
      'final',
    ],
    [
      'machine provisional',
      { job_complete: true, result: result({ ResultCode: '0844', IsFinalResult: 'false' }) },
      'provisional',
    ],
    [
      'result before completion',
      { job_complete: false, result: result({ ResultCode: '0844' }) },
      'provisional',
    ],
    [
      'invalid info.json as result',
      { job_complete: true, job_success: false, result: result({ ResultCode: '2203' }) },
      'error',
    ],
    [
      '2314 as result code',
      { job_complete: false, result: result({ ResultCode: '2314' }) },
      'not_received',
    ],
    [
      'completed with an error code and no result',
      { code: '2213', job_complete: true, result: null },
      'error',
    ],
  ])('%s → %s', (_what, body, kind) => {
    const p = parseJobStatus({ ...signed, ...body })
    if (!p.ok) throw new Error(p.reason)
    expect(decideStatus(p.status).kind).toBe(kind)
  })

  it.each([
    ['0840', 'approved'],
    ['0841', 'rejected'],
    ['1220', 'approved'],
    ['7777', 'review'],
  ])('final result %s has outcome %s', (code, outcome) => {
    const p = parseJobStatus({
      ...signed,
      job_complete: true,
      result: result({ ResultCode: code }),
    })
    if (!p.ok) throw new Error(p.reason)
    expect(decideStatus(p.status)).toMatchObject({ kind: 'final', outcome })
  })

  it('names the error disposition of a refused job', () => {
    const p = parseJobStatus({
      ...signed,
      job_complete: true,
      result: result({ ResultCode: '2203' }),
    })
    if (!p.ok) throw new Error(p.reason)
    expect(decideStatus(p.status)).toMatchObject({
      kind: 'error',
      error: { code: '2203', disposition: 'terminal' },
    })
  })
})
