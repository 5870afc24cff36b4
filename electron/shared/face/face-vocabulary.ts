/**
 * The vendor vocabulary the face checks report in: decision types and labels (seed 001, "Image
 * Checks"), warning codes with severity and confidence (seed 003, "Biometric Warnings"). Texts are
 * the seed's, except where noted as kiosk-local.
 */

export type Decision = 'PASSED' | 'REJECTED' | 'WARNING' | 'NOT_EXECUTED'
export type DecisionLabel =
  | 'OK'
  | 'FAILED'
  | 'PRECONDITION_NOT_FULFILLED'
  | 'TECHNICAL_ERROR'
  | 'REPEATED_FACE'
  | 'DIFFERENT_PERSON'

export interface CheckDecision {
  decision: Decision
  label: DecisionLabel
  /** One line for staff: why, when it is not PASSED/OK. */
  reason?: string
}

export type Severity = 'High' | 'Medium' | 'Low' | 'None'

export interface FaceWarning {
  code: WarningCode
  severity: Severity
  /** 0..1, as in seed 003 ("=1" codes always 1). */
  confidence: number
  description: string
}

const SEED_WARNINGS = {
  SELFIE_FACE_NOT_FOUND: ['High', 'Could not detect face in selfie image.'],
  SELFIE_MULTIPLE_FACES: ['High', 'Multiple faces detected in selfie image.'],
  DOCUMENT_FACE_NOT_FOUND: ['High', 'Could not detect face in document image.'],
  SELFIE_FACE_LANDMARK_ERR: [
    'High',
    'Could not calculate facial landmarks for selfie photo, the face is too blurry.',
  ],
  FACE_MISMATCH: [
    'High',
    'Face mismatch between document photo and selfie photo, similarity score: %s.',
  ],
  FACE_IDENTICAL: ['Medium', 'Selfie photo appears to be the exact same photo as document photo.'],
  FACE_LIVENESS_ERR: ['High', 'Selfie photo liveness verification failed.'],
  RECAPTURED_FACE: ['High', 'Selfie photo appears to be recaptured.'],
  INTERNAL_FACE_VERIFICATION_ERR: ['High', 'Internal server error occurred when verifying faces.'],
  // Seed 001 label, reported as a warning too so one list holds every finding.
  REPEATED_FACE: [
    'Medium',
    'The same face has been seen in a previous transaction, indicating that the same end user may have opened multiple accounts.',
  ],
} as const

/** Kiosk-local quality codes (no seed equivalent); same shape, so the UI treats them alike. */
const KIOSK_WARNINGS = {
  SELFIE_FACE_TOO_SMALL: ['Medium', 'The face in the selfie is too small to check reliably.'],
  SELFIE_TOO_DARK: ['Medium', 'The selfie is too dark.'],
  SELFIE_TOO_BRIGHT: ['Medium', 'The selfie is overexposed.'],
  SELFIE_POSE_NOT_FRONTAL: ['Medium', 'The face in the selfie is not turned to the camera.'],
} as const

export type WarningCode = keyof typeof SEED_WARNINGS | keyof typeof KIOSK_WARNINGS
const ALL: Record<WarningCode, readonly [Severity, string]> = {
  ...SEED_WARNINGS,
  ...KIOSK_WARNINGS,
}

/**
 * A warning in the seed's shape. `args` fill the description's placeholders (similarity scores
 * print with 2 decimals, as the seed's %.2f); `description` replaces the text where the seed's
 * wording would be wrong (e.g. a match against an enrolled template, not a document photo).
 */
export function faceWarning(
  code: WarningCode,
  confidence: number,
  opts: { args?: number[]; description?: string } = {},
): FaceWarning {
  const [severity, text] = ALL[code]
  let description = opts.description ?? text
  for (const a of opts.args ?? []) description = description.replace('%s', a.toFixed(2))
  return { code, severity, confidence: round3(clamp01(confidence)), description }
}

export const isSeedWarning = (code: WarningCode): boolean => Object.hasOwn(SEED_WARNINGS, code)

export const passed = (): CheckDecision => ({ decision: 'PASSED', label: 'OK' })
export const notExecuted = (
  label: 'PRECONDITION_NOT_FULFILLED' | 'TECHNICAL_ERROR',
  reason: string,
): CheckDecision => ({ decision: 'NOT_EXECUTED', label, reason })

export const clamp01 = (v: number): number => (v < 0 ? 0 : v > 1 ? 1 : v)
export const round3 = (v: number): number => Math.round(v * 1000) / 1000
