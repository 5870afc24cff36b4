import { describe, expect, it } from 'vitest'
import {
  classifyErrorCode,
  ERROR_CODES,
  errorCodeInfo,
  isRequestErrorCode,
} from '../../../electron/core/protocol/error-codes'
import { RESULT_CODES, resultOutcome } from '../../../electron/core/protocol/result-codes'
import {
  buildResult,
  reviewedResult,
  type Verdict,
} from '../../../electron/sandbox/sandbox-results'

describe('error codes', () => {
  // Every request-error code named in seeds 000/002 and backend-protocol.md §8, and what the kiosk does.
  it.each([
    ['2201', 'retryable', undefined],
    ['2301', 'retryable', undefined],
    ['2401', 'retryable', undefined],
    ['2203', 'terminal', undefined],
    ['2303', 'terminal', undefined],
    ['2204', 'terminal', undefined],
    ['2205', 'attention', undefined],
    ['2405', 'attention', undefined],
    ['2305', 'attention', undefined],
    ['2206', 'retryable', 'reprep'],
    ['2207', 'attention', undefined],
    ['2208', 'attention', undefined],
    ['2209', 'attention', undefined],
    ['2210', 'attention', undefined],
    ['2211', 'attention', undefined],
    ['2212', 'terminal', undefined],
    ['2312', 'terminal', undefined],
    ['2213', 'terminal', undefined],
    ['2313', 'terminal', undefined],
    ['2413', 'terminal', undefined],
    ['2214', 'attention', undefined],
    ['2215', 'retryable', 'reprep'],
    ['2216', 'attention', undefined],
    ['2217', 'terminal', undefined],
    ['2220', 'attention', undefined],
    ['2221', 'attention', undefined],
    ['2314', 'retryable', 'reupload'],
    ['1016', 'attention', undefined],
  ])('%s is %s (action %s)', (code, disposition, action) => {
    const info = errorCodeInfo(code)
    expect(info, code).toBeDefined()
    expect(info?.disposition).toBe(disposition)
    expect(info?.action).toBe(action)
    expect(info?.staff.length).toBeGreaterThan(20)
    expect(isRequestErrorCode(code)).toBe(true)
  })

  it.each(['2205', '2405', '2305', '2214', '2220', '2221', '1016'])(
    '%s concerns the whole account (sync pauses rather than parking each job)',
    (code) => expect(errorCodeInfo(code)?.scope).toBe('account'),
  )

  it.each(['2207', '2208', '2209', '2210', '2211', '2216', '2203', '2215'])(
    '%s concerns one job',
    (code) => expect(errorCodeInfo(code)?.scope).toBe('job'),
  )

  it('has one entry per code and a staff message that does not end in a full stop', () => {
    const codes = ERROR_CODES.map((c) => c.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const c of ERROR_CODES) expect(c.staff.endsWith('.'), c.code).toBe(false)
  })

  it('sends unknown request errors to staff rather than guessing', () => {
    expect(classifyErrorCode('2299')).toMatchObject({ disposition: 'attention' })
    expect(classifyErrorCode('2299').staff).toContain('2299')
    expect(isRequestErrorCode('2299')).toBe(true)
    expect(isRequestErrorCode('0840')).toBe(false)
    expect(isRequestErrorCode('1220')).toBe(false)
  })
})

describe('result codes', () => {
  it.each([
    ['0840', 'approved'],
    ['0841', 'rejected'],
    ['0844', 'provisional'],
    ['0846', 'pending'],
    ['0941', 'rejected'],
    ['1240', 'approved'],
    ['1242', 'rejected'],
    ['0820', 'approved'],
    ['0821', 'rejected'],
    ['0822', 'provisional'],
    ['0825', 'provisional'],
    ['1220', 'approved'],
    ['1221', 'rejected'],
    ['0810', 'approved'],
    ['0814', 'provisional'],
    ['0001', 'rejected'],
    ['0903', 'rejected'],
    ['0907', 'rejected'],
    ['1015', 'error'],
    ['9999', 'review'],
  ])('%s → %s', (code, outcome) => {
    expect(resultOutcome(code)).toBe(outcome)
  })

  it('has unique codes, none of which is a request error', () => {
    const codes = RESULT_CODES.map((c) => c.code)
    expect(new Set(codes).size).toBe(codes.length)
    for (const c of codes) expect(isRequestErrorCode(c), c).toBe(false)
  })
})

describe('sandbox results', () => {
  const verdicts: Verdict[] = [
    'approve',
    'reject_spoof',
    'reject_mismatch',
    'no_face',
    'poor_quality',
    'review',
    'unchecked',
  ]
  const byCode = new Map(RESULT_CODES.map((c) => [c.code, c]))

  // The sandbox answers with the vendor's codes and texts, for the job type it was sent.
  it.each([2, 4] as const)('job type %i: every verdict and review is a known code', (jobType) => {
    const ctx = { jobType, smileJobId: 'sj', partnerParams: {} }
    const engine = 'test engine'
    for (const verdict of verdicts) {
      const built = buildResult(ctx, { verdict, confidence: 50, engine })
      const info = byCode.get(String(built.result.ResultCode))
      expect(info?.jobTypes, `${verdict}: ${String(built.result.ResultCode)}`).toContain(jobType)
      const text = verdict === 'unchecked' ? `${info?.text} - ${engine}` : info?.text
      expect(built.result.ResultText, verdict).toBe(text)
    }
    for (const reviewOutcome of ['approve', 'reject'] as const) {
      const provisional = buildResult(ctx, {
        verdict: 'review',
        confidence: 50,
        engine,
        reviewOutcome,
      })
      const final = reviewedResult(ctx, provisional.result).result
      const reviewed = byCode.get(String(final.ResultCode))
      expect(reviewed?.jobTypes).toContain(jobType)
      expect(final.ResultText).toBe(reviewed?.text)
      expect(reviewed?.outcome).toBe(reviewOutcome === 'approve' ? 'approved' : 'rejected')
    }
  })
})
