/**
 * One overall decision for the document checks, in the vendor's vocabulary (seed 001: decision
 * type + label). Precedence, first match wins:
 *   1. REJECTED — any High or Medium finding about the document (what was measured stands even if
 *      another step failed): SAMPLE for a specimen, MISMATCH_FRONT_BACK, DIGITAL_MANIPULATION for an
 *      edited file, OTHER_REJECTION when the selfie is the document photo itself, else FAILED.
 *   2. NOT_EXECUTED / TECHNICAL_ERROR — a step that should have run failed: never a silent pass.
 *   3. NOT_EXECUTED / PRECONDITION_NOT_FULFILLED — an input the checks need is missing.
 *   4. WARNING / DIFFERENT_PERSON — the selfie does not match the portrait.
 *   5. PASSED / OK. Low (glare) and None (age flags) findings are reported but do not decide.
 */
import { z } from 'zod'
import type { DocumentWarning, WarningCode } from './document-warnings'

export const DECISION_TYPES = ['PASSED', 'REJECTED', 'WARNING', 'NOT_EXECUTED'] as const
export const DECISION_LABELS = [
  'OK',
  'FAILED',
  'SAMPLE',
  'DIGITAL_MANIPULATION',
  'MISMATCH_FRONT_BACK',
  'OTHER_REJECTION',
  'DIFFERENT_PERSON',
  'PRECONDITION_NOT_FULFILLED',
  'TECHNICAL_ERROR',
] as const

export const Decision = z.object({
  type: z.enum(DECISION_TYPES),
  details: z.object({ label: z.enum(DECISION_LABELS) }),
})
export type Decision = z.infer<typeof Decision>

export const StepStatus = z.enum(['ok', 'failed', 'not_run'])
export const CheckStep = z.object({
  step: z.string(),
  status: StepStatus,
  /** Why it failed or did not run, in one line staff can act on. */
  reason: z.string().optional(),
  /** A missing input (not_run because it is absent) vs. a step that simply was not asked for. */
  missingInput: z.boolean().optional(),
})
export type CheckStep = z.infer<typeof CheckStep>

/** Face findings that advise rather than reject: the backend weighs them with its own match. */
const FACE_ADVICE: ReadonlySet<WarningCode> = new Set(['FACE_MISMATCH'])

export function decide(
  warnings: readonly DocumentWarning[],
  steps: readonly CheckStep[],
): Decision {
  const has = (code: WarningCode) => warnings.some((w) => w.code === code)
  const rejecting = warnings.filter(
    (w) => (w.severity === 'High' || w.severity === 'Medium') && !FACE_ADVICE.has(w.code),
  )
  if (rejecting.length > 0) {
    const label = has('FAKE_ID')
      ? 'SAMPLE'
      : has('DOCUMENT_COUNTRY_MISMATCH')
        ? 'MISMATCH_FRONT_BACK'
        : has('IMAGE_EDITED')
          ? 'DIGITAL_MANIPULATION'
          : has('FACE_IDENTICAL') && rejecting.every((w) => w.code === 'FACE_IDENTICAL')
            ? 'OTHER_REJECTION'
            : 'FAILED'
    return { type: 'REJECTED', details: { label } }
  }
  if (steps.some((s) => s.status === 'failed')) {
    return { type: 'NOT_EXECUTED', details: { label: 'TECHNICAL_ERROR' } }
  }
  if (steps.some((s) => s.status === 'not_run' && s.missingInput === true)) {
    return { type: 'NOT_EXECUTED', details: { label: 'PRECONDITION_NOT_FULFILLED' } }
  }
  if (warnings.some((w) => FACE_ADVICE.has(w.code))) {
    return { type: 'WARNING', details: { label: 'DIFFERENT_PERSON' } }
  }
  return { type: 'PASSED', details: { label: 'OK' } }
}
