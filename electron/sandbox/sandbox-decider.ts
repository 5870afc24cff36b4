/**
 * How the sandbox decides a job. `partner_params.sandbox_result` ("0" approve, "1" reject,
 * "2" provisional, as on the vendor's sandbox) always wins. Otherwise a SandboxDecider looks at
 * the images: the face engine when its models are present, else one that checks only that the
 * selfie decodes and says plainly that nothing was compared.
 */
import sharp from 'sharp'
import type { Decision } from './sandbox-results'

export interface DecisionInput {
  jobType: 2 | 4
  userId: string
  selfie: Buffer
  liveness: Buffer[]
  /** Embedding of the user's enrolment selfie, when the engine made one. */
  enrolledTemplate: Float32Array | null
}

export interface DeciderOutput extends Decision {
  /** Embedding of this selfie, kept as the user's template when an enrolment is approved. */
  template: Float32Array | null
}

export interface SandboxDecider {
  /** Shown by `kiosk sandbox` and in every result's SandboxEngine field. */
  readonly description: string
  decide(input: DecisionInput): Promise<DeciderOutput>
  close?(): Promise<void>
}

/** sandbox_result "0" / "1" / "2", as a string (the vendor's form); anything else is ignored. */
export function forcedDecision(
  partnerParams: Record<string, unknown>,
  jobType: 2 | 4,
): DeciderOutput | null {
  const v = partnerParams.sandbox_result
  const forced = typeof v === 'string' || typeof v === 'number' ? String(v) : undefined
  const engine = `forced by partner_params.sandbox_result=${forced}`
  switch (forced) {
    case '0':
      return { verdict: 'approve', confidence: 99, engine, template: null }
    case '1':
      return {
        verdict: jobType === 2 ? 'reject_mismatch' : 'reject_spoof',
        confidence: 12,
        engine,
        template: null,
      }
    case '2':
      return { verdict: 'review', confidence: 55, engine, template: null }
    default:
      return null
  }
}

/** Is the selfie a decodable image at all? Header only: cheap enough for every job. */
export async function selfieUsable(selfie: Buffer): Promise<boolean> {
  try {
    const meta = await sharp(selfie).metadata()
    return meta.format === 'jpeg' && (meta.width ?? 0) >= 32 && (meta.height ?? 0) >= 32
  } catch {
    return false
  }
}

/** The decider when no face engine is available: it says so instead of pretending to compare. */
export function unavailableDecider(reason: string): SandboxDecider {
  const engine = `face engine not available (${reason}); images were not compared`
  return {
    description: engine,
    decide: () => Promise.resolve({ verdict: 'unchecked', confidence: 50, engine, template: null }),
  }
}
