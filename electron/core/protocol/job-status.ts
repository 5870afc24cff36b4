/**
 * POST {base}/v1/job_status: the request, and a tolerant parser for the response. Real responses
 * vary: `result` may be a plain string ("No zip uploaded yet"), booleans may arrive as strings,
 * codes as numbers, and unknown keys appear (android JobResultAdapterTest, §3.4).
 */
import { z } from 'zod'
import type { Signed } from './signature'

export interface JobStatusInput {
  partnerId: string
  userId: string
  jobId: string
  history?: boolean
  imageLinks?: boolean
}

export function jobStatusBody(input: JobStatusInput, signed: Signed): Record<string, unknown> {
  return {
    partner_id: input.partnerId,
    user_id: input.userId,
    job_id: input.jobId,
    image_links: input.imageLinks ?? false,
    history: input.history ?? false,
    timestamp: signed.timestamp,
    signature: signed.signature,
  }
}

const boolish = z
  .union([z.boolean(), z.string(), z.number(), z.null()])
  .optional()
  .transform((v): boolean | undefined => {
    if (typeof v === 'boolean') return v
    if (typeof v === 'number') return v !== 0
    if (typeof v === 'string') {
      if (/^(true|yes|1)$/i.test(v.trim())) return true
      if (/^(false|no|0)$/i.test(v.trim())) return false
    }
    return undefined
  })
const stringish = z
  .union([z.string(), z.number()])
  .optional()
  .transform((v) => (v === undefined ? undefined : String(v)))

/** The result object of a job (also the body of a callback, less signature and timestamp). */
export const JobResult = z.looseObject({
  ResultCode: stringish,
  ResultText: z.string().optional(),
  ResultType: z.string().optional(),
  SmileJobID: stringish,
  ConfidenceValue: stringish,
  IsFinalResult: boolish,
  IsMachineResult: boolish,
  Actions: z
    .record(z.string(), z.unknown())
    .optional()
    .catch(undefined)
    .transform((a) =>
      a === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(a).filter((e): e is [string, string] => typeof e[1] === 'string'),
          ),
    ),
  PartnerParams: z.record(z.string(), z.unknown()).optional().catch(undefined),
})
export type JobResult = z.infer<typeof JobResult>

const RawStatus = z.looseObject({
  timestamp: z.unknown().optional(),
  signature: z.unknown().optional(),
  code: stringish.catch(undefined),
  job_complete: boolish.catch(undefined),
  job_success: boolish.catch(undefined),
  result: z.unknown().optional(),
  history: z.unknown().optional(),
})

export interface ParsedJobStatus {
  timestamp: unknown
  signature: unknown
  code: string | undefined
  complete: boolean
  success: boolean
  /** The result object, normalised; null while there is none. */
  result: JobResult | null
  /** The original result object exactly as received (what the kiosk stores). */
  rawResult: Record<string, unknown> | null
  /** A free-text `result` such as "No zip uploaded yet". */
  resultText: string | null
  history: Record<string, unknown>[]
}

export type ParseOutcome = { ok: true; status: ParsedJobStatus } | { ok: false; reason: string }

/** Never throws: anything that is not a JSON object with the expected shape says why. */
export function parseJobStatus(body: unknown): ParseOutcome {
  const raw = RawStatus.safeParse(body)
  if (!raw.success) return { ok: false, reason: 'job_status response is not a JSON object' }
  const s = raw.data
  let result: JobResult | null = null
  let rawResult: Record<string, unknown> | null = null
  let resultText: string | null = null
  if (typeof s.result === 'string') {
    resultText = s.result
  } else if (s.result !== null && typeof s.result === 'object' && !Array.isArray(s.result)) {
    const parsed = JobResult.safeParse(s.result)
    if (!parsed.success) return { ok: false, reason: 'job_status result has an unreadable shape' }
    result = parsed.data
    rawResult = s.result as Record<string, unknown>
  }
  const history = Array.isArray(s.history)
    ? s.history.filter(
        (h): h is Record<string, unknown> =>
          h !== null && typeof h === 'object' && !Array.isArray(h),
      )
    : []
  return {
    ok: true,
    status: {
      timestamp: s.timestamp,
      signature: s.signature,
      code: s.code,
      complete: s.job_complete ?? false,
      success: s.job_success ?? false,
      result,
      rawResult,
      resultText,
      history,
    },
  }
}
