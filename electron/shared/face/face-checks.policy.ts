/**
 * One verdict for a job's face checks, from its parts, plus the MatchSelfie-shaped scores (seed
 * 004) the backend and the bank's systems already know how to read. Local checks advise; the
 * backend decides.
 */
import type { DetectedFace, FaceMetrics, ImageSize } from './face.types'
import type { CheckDecision, FaceWarning } from './face-vocabulary'
import type { LivenessAssessment } from './liveness.policy'
import { matchScorePercent, type DuplicateAssessment, type MatchAssessment } from './match.policy'
import type { QualityAssessment } from './quality.policy'

export interface FaceCheckParts {
  quality: QualityAssessment
  liveness: LivenessAssessment
  /** Selfie vs the ID document's portrait, when an ID front was captured. */
  document?: MatchAssessment
  /** Authentication: selfie vs the kiosk's own enrolled template. */
  enrolled?: MatchAssessment
  /** Enrolment: 1:N search among faces enrolled under other users. */
  duplicates?: DuplicateAssessment
}

/**
 * Rejections first (the customer must retry or staff must look), then warnings, else passed.
 * A part that could not run (no template on this kiosk yet) does not fail the job: it says so in
 * its own decision.
 */
export function summariseFaceChecks(
  p: FaceCheckParts,
): CheckDecision & { warnings: FaceWarning[] } {
  const warnings = [
    ...p.quality.warnings,
    ...p.liveness.warnings,
    ...(p.document?.warnings ?? []),
    ...(p.enrolled?.warnings ?? []),
    ...(p.duplicates?.warnings ?? []),
  ]
  const ordered: (CheckDecision | undefined)[] = [
    p.quality,
    p.liveness,
    p.enrolled,
    p.document,
    p.duplicates,
  ]
  const rejected = ordered.find((d) => d?.decision === 'REJECTED')
  if (rejected !== undefined) {
    return {
      decision: 'REJECTED',
      label: 'FAILED',
      ...(rejected.reason === undefined ? {} : { reason: rejected.reason }),
      warnings,
    }
  }
  const warned = ordered.find((d) => d?.decision === 'WARNING')
  if (warned !== undefined) {
    return {
      decision: 'WARNING',
      label: warned.label,
      ...(warned.reason === undefined ? {} : { reason: warned.reason }),
      warnings,
    }
  }
  if (p.liveness.decision === 'NOT_EXECUTED') {
    return {
      decision: 'NOT_EXECUTED',
      label: p.liveness.label,
      ...(p.liveness.reason === undefined ? {} : { reason: p.liveness.reason }),
      warnings,
    }
  }
  return { decision: 'PASSED', label: 'OK', warnings }
}

interface Score {
  Name: string
  VerificationScore: number
}

/** MatchSelfie's response fields (seed 004), filled with what the kiosk measured. */
export interface MatchSelfieScores {
  MatchScore: number | null
  SelfieScores: Score[]
  LivenessSelfieScores: Score[]
  SelfieDemographicData: { Selfie: Record<string, number> } | Record<string, never>
  SelfieImageAnalysis: {
    Result: 'Passed' | 'Failed'
    Selfie: { Width: number; Height: number; NumFaces: number }
  }
}

export function matchSelfieScores(input: {
  image: ImageSize
  faces: number
  face: DetectedFace | null
  metrics: FaceMetrics | null
  quality: QualityAssessment
  liveness: LivenessAssessment
  document?: MatchAssessment
  enrolled?: MatchAssessment
}): MatchSelfieScores {
  const selfieScores: Score[] = []
  if (input.document !== undefined && input.document.similarity !== null) {
    selfieScores.push({
      Name: 'HeadShot',
      VerificationScore: matchScorePercent(input.document.similarity),
    })
  }
  if (input.enrolled !== undefined && input.enrolled.similarity !== null) {
    selfieScores.push({
      Name: 'EnrolledTemplate',
      VerificationScore: matchScorePercent(input.enrolled.similarity),
    })
  }
  const best = selfieScores.reduce<number | null>(
    (m, s) => (m === null ? s.VerificationScore : Math.min(m, s.VerificationScore)),
    null,
  )
  const { face, metrics } = input
  const live = input.liveness.score
  return {
    // The weakest comparison: a match score must not hide a failing one.
    MatchScore: best,
    SelfieScores: selfieScores,
    LivenessSelfieScores:
      live === null ? [] : [{ Name: 'Selfie0', VerificationScore: matchScorePercent(live) }],
    SelfieDemographicData:
      face === null || metrics === null
        ? {}
        : {
            Selfie: {
              // The subject's right eye is on the image's left (YuNet landmark 0).
              rightEyeX: Math.round(face.landmarks[0]?.x ?? 0),
              rightEyeY: Math.round(face.landmarks[0]?.y ?? 0),
              leftEyeX: Math.round(face.landmarks[1]?.x ?? 0),
              leftEyeY: Math.round(face.landmarks[1]?.y ?? 0),
              iod: Math.round(metrics.interEyePx),
              yaw: Math.round(metrics.yawDeg),
              pitch: Math.round(metrics.pitchDeg),
              roll: Math.round(metrics.rollDeg),
              faceScore: face.score,
              spoof: live === null ? 0 : Math.round((1 - live) * 1000) / 1000,
            },
          },
    SelfieImageAnalysis: {
      Result: input.quality.passed ? 'Passed' : 'Failed',
      Selfie: { Width: input.image.width, Height: input.image.height, NumFaces: input.faces },
    },
  }
}
