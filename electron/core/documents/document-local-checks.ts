/**
 * The document part of a job's local checks. A job's ID images (kinds id_front / id_back) are
 * checked with its selfie, and the report is stored beside the face part as `documents`.
 * A job without ID images gets no `documents` entry; a failure becomes a NOT_EXECUTED /
 * TECHNICAL_ERROR report, never a failed capture.
 */
import { toErrorShape } from '../../shared/contract/result'
import type { ImageKind } from '../../shared/domain/job'
import type { FaceChecksRunner } from '../face/face-checks.service'
import type { MatchVerdict } from '../face/face-engine'
import type { NormalisedImage } from '../images/image-input'
import type { LocalChecksRunner } from '../jobs/capture.service'
import type { DocumentChecks, DocumentInput } from './document-checks.service'

type JobImages = readonly (NormalisedImage & { kind: ImageKind; seq: number })[]

/** The document part; `frontMatch` is the face part's selfie vs id_front verdict, if it has one. */
export type DocumentLocalChecks = (
  job: { images: JobImages },
  frontMatch?: MatchVerdict,
) => Promise<Record<string, unknown>>

export function documentLocalChecks(checks: Pick<DocumentChecks, 'check'>): DocumentLocalChecks {
  return async (job, frontMatch) => {
    const pick = (k: ImageKind) => job.images.find((i) => i.kind === k)?.bytes
    const front = pick('id_front')
    const back = pick('id_back')
    if (front === undefined && back === undefined) return {}
    const selfie = pick('selfie')
    const input: DocumentInput = {
      ...(front === undefined ? {} : { front }),
      ...(back === undefined ? {} : { back }),
      ...(selfie === undefined ? {} : { selfie }),
      ...(frontMatch === undefined ? {} : { frontMatch }),
    }
    try {
      return { documents: await checks.check(input) }
    } catch (err) {
      const e = toErrorShape(err)
      return {
        documents: {
          decision: { type: 'NOT_EXECUTED', details: { label: 'TECHNICAL_ERROR' } },
          error: e,
          warnings: [],
        },
      }
    }
  }
}

/**
 * Runs the face part, then the document part (one after the other: both use the same inference
 * process and this machine's two cores), and stores both: `{ face: …, documents: … }`. The face
 * part's selfie vs id_front verdict goes to the document part, so each image is analysed once.
 */
export function withDocumentChecks(
  face: FaceChecksRunner,
  documents: DocumentLocalChecks,
): LocalChecksRunner {
  return async (job) => {
    const f = await face(job)
    return { ...f.checks, ...(await documents(job, f.frontMatch)) }
  }
}
