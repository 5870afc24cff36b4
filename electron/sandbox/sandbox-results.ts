/**
 * Turns a sandbox decision into the vendor's result object (Actions, ResultCode, ResultText …),
 * with codes from the seeds: 0840/0841/0844/1240 for SmartSelfie registration (JT4),
 * 0820/0821/0825/1220 for authentication (JT2); their texts come from RESULT_CODES. Pure.
 */
import { resultCodeInfo } from '../core/protocol/result-codes'

export type Verdict =
  | 'approve'
  | 'reject_spoof'
  | 'reject_mismatch'
  | 'no_face'
  | 'poor_quality'
  /** the machine could not decide: a (simulated) human review follows */
  | 'review'
  /** nothing could be checked (no face engine): provisionally approved, final */
  | 'unchecked'

export interface Decision {
  verdict: Verdict
  /** 0..100 */
  confidence: number
  /** Why, in words, including which engine decided (or that none could). */
  engine: string
  /** For 'review': what the simulated reviewer will conclude (default: approve). */
  reviewOutcome?: 'approve' | 'reject'
}

const NA = 'Not Applicable'

/** The vendor's text for a code, from the one result code table the kiosk reads results with. */
function resultText(code: string): string {
  const info = resultCodeInfo(code)
  if (info === undefined) throw new Error(`result code ${code} is not in RESULT_CODES`)
  return info.text
}

function baseActions(): Record<string, string> {
  return {
    Human_Review_Compare: NA,
    Human_Review_Liveness_Check: NA,
    Human_Review_Selfie_Check: NA,
    Human_Review_Update_Selfie: NA,
    Liveness_Check: NA,
    Register_Selfie: NA,
    Return_Personal_Info: NA,
    Selfie_Check: NA,
    Selfie_Provided: 'Passed',
    Selfie_To_ID_Authority_Compare: NA,
    Selfie_To_ID_Card_Compare: NA,
    Selfie_To_Registered_Selfie_Compare: NA,
    Update_Registered_Selfie_On_File: NA,
    Verify_ID_Number: NA,
  }
}

interface Outcome {
  code: string
  final: boolean
  success: boolean
  actions: Record<string, string>
}

function enrolOutcome(v: Verdict): Outcome {
  const a = baseActions()
  switch (v) {
    case 'approve':
      return {
        code: '0840',
        final: true,
        success: true,
        actions: {
          ...a,
          Liveness_Check: 'Passed',
          Selfie_Check: 'Passed',
          Register_Selfie: 'Approved',
        },
      }
    case 'reject_spoof':
    case 'reject_mismatch':
      return {
        code: '0841',
        final: true,
        success: false,
        actions: {
          ...a,
          Liveness_Check: 'Failed',
          Selfie_Check: 'Failed',
          Register_Selfie: 'Rejected',
        },
      }
    case 'no_face':
      return {
        code: '0941',
        final: true,
        success: false,
        actions: { ...a, Selfie_Provided: 'Failed', Register_Selfie: 'Rejected' },
      }
    case 'poor_quality':
      return {
        code: '0942',
        final: true,
        success: false,
        actions: { ...a, Selfie_Check: 'Failed', Register_Selfie: 'Rejected' },
      }
    case 'review':
      return {
        code: '0844',
        final: false,
        success: true,
        actions: {
          ...a,
          Liveness_Check: 'Under Review',
          Human_Review_Liveness_Check: 'Under Review',
          Register_Selfie: 'Provisionally Approved',
        },
      }
    case 'unchecked':
      return {
        code: '0842',
        final: true,
        success: true,
        actions: {
          ...a,
          Liveness_Check: 'Not Done',
          Selfie_Check: 'Not Done',
          Register_Selfie: 'Provisionally Approved',
        },
      }
  }
}

function authOutcome(v: Verdict): Outcome {
  const a = baseActions()
  switch (v) {
    case 'approve':
      return {
        code: '0820',
        final: true,
        success: true,
        actions: {
          ...a,
          Liveness_Check: 'Passed',
          Selfie_Check: 'Passed',
          Selfie_To_Registered_Selfie_Compare: 'Completed',
        },
      }
    case 'reject_mismatch':
      return {
        code: '0821',
        final: true,
        success: false,
        actions: {
          ...a,
          Liveness_Check: 'Passed',
          Selfie_Check: 'Passed',
          Selfie_To_Registered_Selfie_Compare: 'Completed',
        },
      }
    case 'reject_spoof':
      return {
        code: '0823',
        final: true,
        success: false,
        actions: {
          ...a,
          Liveness_Check: 'Failed',
          Selfie_Check: 'Failed',
          Selfie_To_Registered_Selfie_Compare: 'Not Done',
        },
      }
    case 'no_face':
      return {
        code: '0921',
        final: true,
        success: false,
        actions: { ...a, Selfie_Provided: 'Failed' },
      }
    case 'poor_quality':
      return {
        code: '0922',
        final: true,
        success: false,
        actions: { ...a, Selfie_Check: 'Failed' },
      }
    case 'review':
      return {
        code: '0825',
        final: false,
        success: true,
        actions: {
          ...a,
          Liveness_Check: 'Passed',
          Selfie_Check: 'Passed',
          Selfie_To_Registered_Selfie_Compare: 'Under Review',
          Human_Review_Compare: 'Under Review',
        },
      }
    case 'unchecked':
      return {
        code: '0822',
        final: true,
        success: true,
        actions: {
          ...a,
          Liveness_Check: 'Not Done',
          Selfie_Check: 'Not Done',
          Selfie_To_Registered_Selfie_Compare: 'Not Done',
        },
      }
  }
}

export interface ResultContext {
  jobType: 2 | 4
  smileJobId: string
  partnerParams: Record<string, unknown>
}

export interface BuiltResult {
  result: Record<string, unknown>
  final: boolean
  success: boolean
}

export function buildResult(ctx: ResultContext, d: Decision): BuiltResult {
  const o = ctx.jobType === 4 ? enrolOutcome(d.verdict) : authOutcome(d.verdict)
  const text =
    d.verdict === 'unchecked' ? `${resultText(o.code)} - ${d.engine}` : resultText(o.code)
  return {
    final: o.final,
    success: o.success,
    result: {
      Actions: o.actions,
      ConfidenceValue: String(Math.round(d.confidence)),
      IsFinalResult: String(o.final),
      IsMachineResult: 'true',
      JSONVersion: '1.0.0',
      PartnerParams: ctx.partnerParams,
      ResultCode: o.code,
      ResultText: text,
      ResultType: ctx.jobType === 4 ? 'SAIA' : 'DIVA',
      SmileJobID: ctx.smileJobId,
      Source: 'enrol-kiosk sandbox',
      SandboxEngine: d.engine,
      ...(d.verdict === 'review' ? { SandboxReview: d.reviewOutcome ?? 'approve' } : {}),
    },
  }
}

/**
 * The simulated reviewer's final word on a provisional result: 1240 / 1220 (human PASS), or
 * 1242 / 1221 when the machine leaned to rejection (SandboxReview "reject").
 */
export function reviewedResult(
  ctx: ResultContext,
  provisional: Record<string, unknown>,
): BuiltResult {
  const approve = provisional.SandboxReview !== 'reject'
  const actions = { ...(provisional.Actions as Record<string, string> | undefined) }
  for (const [k, v] of Object.entries(actions)) {
    if (v === 'Under Review') {
      actions[k] = k.includes('Compare') ? 'Completed' : approve ? 'Passed' : 'Failed'
    }
  }
  if (ctx.jobType === 4) actions.Register_Selfie = approve ? 'Approved' : 'Rejected'
  const code = ctx.jobType === 4 ? (approve ? '1240' : '1242') : approve ? '1220' : '1221'
  return {
    final: true,
    success: approve,
    result: {
      ...provisional,
      Actions: actions,
      ResultCode: code,
      ResultText: resultText(code),
      IsFinalResult: 'true',
      IsMachineResult: 'false',
      ConfidenceValue: approve ? '100' : '0',
      SandboxEngine: `simulated human review (${approve ? 'approves' : 'rejects'})`,
    },
  }
}

/** A job refused while processing the zip (0903 / 0001 / 2203 / 2213): final, no success. */
export function failedResult(ctx: ResultContext, code: string, reason: string): BuiltResult {
  return {
    final: true,
    success: false,
    result: {
      Actions: { ...baseActions(), Selfie_Provided: code === '0001' ? 'Failed' : NA },
      ConfidenceValue: '0',
      IsFinalResult: 'true',
      IsMachineResult: 'true',
      JSONVersion: '1.0.0',
      PartnerParams: ctx.partnerParams,
      ResultCode: code,
      ResultText: reason,
      SmileJobID: ctx.smileJobId,
      Source: 'enrol-kiosk sandbox',
    },
  }
}
