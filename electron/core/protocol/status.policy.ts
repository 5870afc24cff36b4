/**
 * What a verified job_status response means for the job. Built on job_complete, IsFinalResult and
 * the result code tables, never on ResultText (free text that changes between products).
 */
import { classifyErrorCode, isRequestErrorCode, type ErrorCodeInfo } from './error-codes'
import type { JobResult, ParsedJobStatus } from './job-status'
import { resultOutcome, type ResultOutcome } from './result-codes'

export type StatusDecision =
  /** The backend has no zip for this job (never arrived, or the PUT was lost). */
  | { kind: 'not_received'; text: string }
  /** The zip arrived; no result yet. */
  | { kind: 'processing'; text: string }
  /** A result that will change (machine provisional, human review pending). */
  | { kind: 'provisional'; result: Record<string, unknown>; outcome: ResultOutcome | 'review' }
  | { kind: 'final'; result: Record<string, unknown>; outcome: ResultOutcome | 'review' }
  /** The job was refused with a request error code (e.g. 2203 invalid info.json). */
  | { kind: 'error'; error: ErrorCodeInfo; result: Record<string, unknown> | null }

/** Status `code` values that only say "the request worked". */
const OK_CODES = new Set(['2302', '2202', '2300', '2200'])

export function decideStatus(s: ParsedJobStatus): StatusDecision {
  const code = s.code
  const errorInCode = code !== undefined && !OK_CODES.has(code) && isRequestErrorCode(code)
  const resultCode = s.result?.ResultCode

  if (
    s.result !== null &&
    s.rawResult !== null &&
    resultCode !== undefined &&
    isRequestErrorCode(resultCode)
  ) {
    const error = classifyErrorCode(resultCode)
    if (error.action === 'reupload') {
      return { kind: 'not_received', text: s.result.ResultText ?? error.text }
    }
    return { kind: 'error', error, result: s.rawResult }
  }
  if (s.result === null || s.rawResult === null) {
    if (errorInCode) {
      const error = classifyErrorCode(code)
      if (error.action === 'reupload') {
        return { kind: 'not_received', text: s.resultText ?? error.text }
      }
      if (s.complete) return { kind: 'error', error, result: null }
    }
    // A string result before completion is the "No zip uploaded yet" family.
    if (!s.complete && s.resultText !== null) return { kind: 'not_received', text: s.resultText }
    return { kind: 'processing', text: s.resultText ?? 'the backend is processing the job' }
  }
  const outcome = resultOutcome(resultCode)
  if (!s.complete || isProvisional(s.result)) {
    return { kind: 'provisional', result: s.rawResult, outcome }
  }
  return { kind: 'final', result: s.rawResult, outcome }
}

/** IsFinalResult "false" means a later result will replace this one (human review). */
function isProvisional(r: JobResult): boolean {
  return r.IsFinalResult === false
}

/** True once the backend demonstrably holds the zip: used to avoid uploading twice after a crash. */
export const zipReceived = (d: StatusDecision): boolean => d.kind !== 'not_received'
