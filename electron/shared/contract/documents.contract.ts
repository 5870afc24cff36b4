/** Contract entries for identity documents. */
import { z } from 'zod'
import { DocumentReport } from '../documents/document-report'
import { Bytes, entry, MAX_IMAGE_BYTES } from './schema'

const DocumentImage = Bytes.refine((b) => b.byteLength > 0, 'image is empty').refine(
  (b) => b.byteLength <= MAX_IMAGE_BYTES,
  `image is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB`,
)

export const DocumentReadInput = z.object({
  /** The side with the portrait (a passport's data page). */
  front: DocumentImage,
  /** An ID card's back, where TD1 cards carry their MRZ. */
  back: DocumentImage.optional(),
  /** A selfie to compare with the portrait. */
  selfie: DocumentImage.optional(),
})
export type DocumentReadInput = z.infer<typeof DocumentReadInput>

export const documentsContract = {
  /**
   * Reads the MRZ (the UI fills the customer identifier from mrz.fields) and runs every document
   * image check on the given images. Nothing is stored.
   */
  'documents:read': entry(DocumentReadInput, DocumentReport),
} as const
