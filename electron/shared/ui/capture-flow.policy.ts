/**
 * The capture flow as a pure reducer: which screen comes next and what has been collected.
 * choose → identify → consent → face (selfie + liveness) → document (per settings) → saving →
 * review → receipt; a failed liveness session ends in `liveness_failed` instead.
 */
import type { JobDetail, JobType } from '../domain/job'
import type { LivenessRecord } from '../liveness/liveness-record'

/** What the camera screen hands over: the selfie, the chosen liveness frames, the session record. */
export interface CaptureResult {
  selfie: Uint8Array
  frames: Uint8Array[]
  record: LivenessRecord
  /** Tracker-clock time the capture ended (liveness passed / failed / selfie taken). */
  endedAt: number
}

export type FlowStep =
  | 'choose'
  | 'identify'
  | 'consent'
  | 'face'
  | 'document'
  | 'saving'
  | 'review'
  | 'receipt'
  | 'liveness_failed'

export type DocumentMode = 'off' | 'optional' | 'required'

export interface CapturedDocument {
  front: Uint8Array
  back: Uint8Array | null
  source: 'scanner' | 'camera' | 'upload'
  /** Fields read from the MRZ, when it was read. */
  mrz: Record<string, string> | null
}

export interface FlowState {
  step: FlowStep
  jobType: JobType | null
  userId: string
  consentAt: string | null
  capture: CaptureResult | null
  document: CapturedDocument | null
  job: JobDetail | null
  error: string | null
}

export type FlowAction =
  | { type: 'choose'; jobType: JobType }
  | { type: 'identified'; userId: string; document?: CapturedDocument }
  | { type: 'consented'; at: string }
  | { type: 'captured'; capture: CaptureResult }
  | { type: 'document'; document: CapturedDocument | null }
  | { type: 'saved'; job: JobDetail }
  | { type: 'save_failed'; error: string }
  | { type: 'retry_save' }
  | { type: 'liveness_failed'; capture: CaptureResult; job: JobDetail | null; error: string | null }
  | { type: 'finish' }
  | { type: 'back' }

export const initialFlow = (jobType: JobType | null): FlowState => ({
  step: jobType === null ? 'choose' : 'identify',
  jobType,
  userId: '',
  consentAt: null,
  capture: null,
  document: null,
  job: null,
  error: null,
})

export function flowReducer(s: FlowState, a: FlowAction, documentMode: DocumentMode): FlowState {
  switch (a.type) {
    case 'choose':
      return { ...s, jobType: a.jobType, step: 'identify' }
    case 'identified':
      return { ...s, userId: a.userId, document: a.document ?? s.document, step: 'consent' }
    case 'consented':
      return { ...s, consentAt: a.at, step: 'face' }
    case 'captured': {
      // A document scanned at the identify step is not asked for again; enrolment only (an
      // authentication compares the face with the enrolled one, not with a document).
      const wantDocument = documentMode !== 'off' && s.document === null && s.jobType === 4
      return { ...s, capture: a.capture, step: wantDocument ? 'document' : 'saving', error: null }
    }
    case 'document':
      if (a.document === null && documentMode === 'required') return s
      return { ...s, document: a.document, step: 'saving', error: null }
    case 'saved':
      return { ...s, job: a.job, step: 'review', error: null }
    case 'save_failed':
      return { ...s, error: a.error }
    case 'retry_save':
      return { ...s, error: null, step: 'saving' }
    case 'liveness_failed':
      return { ...s, capture: a.capture, job: a.job, error: a.error, step: 'liveness_failed' }
    case 'finish':
      return s.step === 'review' ? { ...s, step: 'receipt' } : s
    case 'back':
      return back(s)
  }
}

/** One step back, only where nothing captured would be thrown away silently. */
function back(s: FlowState): FlowState {
  switch (s.step) {
    case 'identify':
      return { ...s, step: 'choose' }
    case 'consent':
      return { ...s, step: 'identify' }
    case 'face':
      return { ...s, step: 'consent' }
    default:
      return s
  }
}

/** The images of a flow, as jobs:capture takes them. */
export function flowImages(
  s: FlowState,
): { kind: 'selfie' | 'liveness' | 'id_front' | 'id_back'; bytes: Uint8Array }[] {
  if (s.capture === null) return []
  return [
    { kind: 'selfie', bytes: s.capture.selfie },
    ...s.capture.frames.map((bytes) => ({ kind: 'liveness' as const, bytes })),
    ...(s.document === null ? [] : [{ kind: 'id_front' as const, bytes: s.document.front }]),
    ...(s.document === null || s.document.back === null
      ? []
      : [{ kind: 'id_back' as const, bytes: s.document.back }]),
  ]
}
