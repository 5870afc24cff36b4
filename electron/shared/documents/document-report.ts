/** The result of checking a document's images: what the CLI prints and `documents:read` returns. */
import { z } from 'zod'
import { CheckStep, Decision } from './document-decision.policy'
import { DocumentSide, DocumentWarning } from './document-warnings'
import { MrzFields } from './mrz.policy'

export const MrzReport = z.object({
  found: z.boolean(),
  side: DocumentSide.nullable(),
  format: z.enum(['TD1', 'TD2', 'TD3']).nullable(),
  /** The MRZ lines as read (after reported repairs). */
  lines: z.array(z.string()),
  fields: MrzFields.nullable(),
  /** Every ICAO 9303 check digit holds and every field parsed. */
  valid: z.boolean(),
  checks: z.array(z.object({ field: z.string(), ok: z.boolean() })),
  /** OCR corrections made before validation, each one visible. */
  repairs: z.array(
    z.object({
      line: z.number().int(),
      column: z.number().int(),
      from: z.string(),
      to: z.string(),
      reason: z.string(),
    }),
  ),
  /** Mean OCR confidence over the zone, 0–1. */
  confidence: z.number().nullable(),
  problems: z.array(z.string()),
})
export type MrzReport = z.infer<typeof MrzReport>

export const FaceReport = z.object({
  /** done: the face engine ran; otherwise why it did not, with the decision vocabulary. */
  status: z.enum(['done', 'not_executed']),
  label: z.enum(['PRECONDITION_NOT_FULFILLED', 'TECHNICAL_ERROR']).nullable(),
  reason: z.string().nullable(),
  portraitFound: z.boolean().nullable(),
  /** Cosine similarity selfie ↔ portrait (−1..1) when a selfie was given and both had a face. */
  matchScore: z.number().nullable(),
  threshold: z.number().nullable(),
  match: z.boolean().nullable(),
})
export type FaceReport = z.infer<typeof FaceReport>

export const ImageReport = z.object({
  side: DocumentSide,
  width: z.number().int(),
  height: z.number().int(),
  measures: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.null()])),
})

export const DocumentReport = z.object({
  decision: Decision,
  warnings: z.array(DocumentWarning),
  mrz: MrzReport,
  face: FaceReport,
  images: z.array(ImageReport),
  steps: z.array(CheckStep),
  timings: z.object({ imageMs: z.number(), ocrMs: z.number(), faceMs: z.number() }),
  checkedAt: z.string(),
})
export type DocumentReport = z.infer<typeof DocumentReport>
