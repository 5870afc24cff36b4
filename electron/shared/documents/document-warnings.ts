/**
 * The warning vocabulary of the document checks, copied from the vendor's list (seed 003:
 * code, severity, confidence, description). Only codes the kiosk can actually raise are here; a
 * code is never invented. `%s` / `%.2f` in a description are filled by `warning()`.
 */
import { z } from 'zod'

export const SEVERITIES = ['High', 'Medium', 'Low', 'None'] as const
export type Severity = (typeof SEVERITIES)[number]

/** How the vendor defines a code's confidence: always 1, or a 0–1 measure. */
type ConfidenceKind = 'one' | 'measure' | 'ocr'

const spec = (severity: Severity, confidence: ConfidenceKind, description: string) => ({
  severity,
  confidence,
  description,
})

export const WARNING_CATALOGUE = {
  // Document and OCR warnings
  DOCUMENT_EXPIRED: spec('High', 'ocr', 'Document has already expired.'),
  MISSING_EXPIRY_DATE: spec('High', 'one', 'Document expiry date is missing or cannot be read.'),
  MISSING_BIRTH_DATE: spec('High', 'one', 'Birthday information is missing or cannot be read.'),
  MISSING_DOCUMENT_NUMBER: spec('High', 'one', 'Document number is missing or cannot be read.'),
  MISSING_NAME: spec('High', 'one', 'Given name or family name is missing or cannot be read.'),
  MISSING_GENDER: spec('Medium', 'one', 'Gender is missing or cannot be read.'),
  DOCUMENT_COUNTRY_MISMATCH: spec(
    'High',
    'one',
    'Issuing country discrepancy between front and back document. Front: %s, Back: %s',
  ),
  UNDER_18: spec('None', 'ocr', 'Document holder is under 18.'),
  UNDER_19: spec('None', 'ocr', 'Document holder is under 19.'),
  UNDER_20: spec('None', 'ocr', 'Document holder is under 20.'),
  UNDER_21: spec('None', 'ocr', 'Document holder is under 21.'),
  LOW_TEXT_CONFIDENCE: spec('Medium', 'ocr', 'Low text confidence score detected for field %s.'),
  GLARE_DETECTED: spec('Low', 'measure', 'The document image contains possible glare.'),
  // Biometric warnings
  DOCUMENT_FACE_NOT_FOUND: spec('High', 'one', 'Could not detect face in document image.'),
  SELFIE_FACE_NOT_FOUND: spec('High', 'one', 'Could not detect face in selfie image.'),
  FACE_MISMATCH: spec(
    'High',
    'measure',
    'Face mismatch between document photo and selfie photo, similarity score: %.2f.',
  ),
  FACE_IDENTICAL: spec(
    'Medium',
    'measure',
    'Selfie photo appears to be the exact same photo as document photo.',
  ),
  // Anti-forgery warnings
  SCREEN_DETECTED: spec(
    'Medium',
    'measure',
    'The document image contains a screen, monitor or mobile device therefore is possibly recaptured.',
  ),
  IMAGE_EDITED: spec(
    'Medium',
    'measure',
    'The %s document image contains exif header indicating that it was edited in %s',
  ),
  FAKE_ID: spec(
    'High',
    'one',
    'The document uploaded is a fake or sample document, not an authentic document.',
  ),
  IMAGE_TOO_SMALL: spec(
    'Medium',
    'measure',
    'The document image is too small and unlikely to be a genuine document.',
  ),
  IMAGE_TOO_BLURRY: spec(
    'Medium',
    'measure',
    'The document image is too blurry and should be retaken for improved result accuracy.',
  ),
  CHECK_DIGIT_FAILED: spec(
    'High',
    'one',
    'The document is not a valid document because %s contains invalid check digit.',
  ),
  BLACK_WHITE_DOCUMENT: spec(
    'Medium',
    'one',
    'The document appears to be black & white photocopy.',
  ),
  PHYSICAL_DOCUMENT_MISSING: spec(
    'High',
    'one',
    'Could not detect physical card or passport object.',
  ),
} as const

export type WarningCode = keyof typeof WARNING_CATALOGUE
export const WARNING_CODES = Object.keys(WARNING_CATALOGUE) as [WarningCode, ...WarningCode[]]

export const DocumentSide = z.enum(['front', 'back'])
export type DocumentSide = z.infer<typeof DocumentSide>

export const DocumentWarning = z.object({
  code: z.enum(WARNING_CODES),
  severity: z.enum(SEVERITIES),
  /** 0–1, as the vendor defines it per code (1 for yes/no findings). */
  confidence: z.number().min(0).max(1),
  description: z.string(),
  /** Which image raised it, when it is about one image. */
  side: DocumentSide.optional(),
  /** The measured value and the threshold it crossed, for staff and tuning. */
  measured: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
})
export type DocumentWarning = z.infer<typeof DocumentWarning>

/** Builds a warning with the catalogue's severity and description, placeholders filled in order. */
export function warning(
  code: WarningCode,
  opts: {
    confidence?: number
    args?: (string | number)[]
    side?: DocumentSide
    measured?: Record<string, number | string>
  } = {},
): DocumentWarning {
  const s = WARNING_CATALOGUE[code]
  const args = [...(opts.args ?? [])]
  const description = s.description.replace(/%(\.2f|s)/g, (_m, f: string) => {
    const v = args.shift()
    if (v === undefined) return '?'
    return f === '.2f' && typeof v === 'number' ? v.toFixed(2) : String(v)
  })
  const confidence = s.confidence === 'one' ? 1 : clamp01(opts.confidence ?? 1)
  return {
    code,
    severity: s.severity,
    confidence: round2(confidence),
    description,
    ...(opts.side === undefined ? {} : { side: opts.side }),
    ...(opts.measured === undefined ? {} : { measured: opts.measured }),
  }
}

export const clamp01 = (v: number): number => (Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0)
const round2 = (v: number): number => Math.round(v * 100) / 100
