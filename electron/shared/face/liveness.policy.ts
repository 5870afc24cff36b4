/**
 * Passive liveness decision from the two MiniFASNet models. Fused score = mean of each model's
 * "real" probability (upstream sums the softmaxes and takes the argmax: the same call at 0.5).
 */
import type { LivenessScores } from './face.types'
import {
  faceWarning,
  notExecuted,
  passed,
  round3,
  type CheckDecision,
  type FaceWarning,
} from './face-vocabulary'

export interface LivenessAssessment extends CheckDecision {
  /** Probability live, 0..1; null when not run. */
  score: number | null
  threshold: number
  live: boolean
  warnings: FaceWarning[]
}

/**
 * Below `threshold` the selfie fails. When both models independently call it a spoof, it is
 * reported as RECAPTURED_FACE (a photo or screen held to the camera); when only the fused score
 * fails, as the more general FACE_LIVENESS_ERR. Confidence is the spoof probability.
 */
export function assessLiveness(
  scores: LivenessScores | null,
  threshold: number,
): LivenessAssessment {
  if (scores === null) {
    return {
      ...notExecuted('PRECONDITION_NOT_FULFILLED', 'no face to check for liveness'),
      score: null,
      threshold,
      live: false,
      warnings: [],
    }
  }
  const score = round3(scores.score)
  if (scores.score >= threshold) {
    return { ...passed(), score, threshold, live: true, warnings: [] }
  }
  const bothSpoof = scores.v2[1] < 0.5 && scores.v1se[1] < 0.5
  const code = bothSpoof ? 'RECAPTURED_FACE' : 'FACE_LIVENESS_ERR'
  return {
    decision: 'REJECTED',
    label: 'FAILED',
    reason: bothSpoof
      ? `the selfie looks like a photo or screen held to the camera (live ${score.toFixed(2)} < ${threshold})`
      : `passive liveness failed (live ${score.toFixed(2)} < ${threshold})`,
    score,
    threshold,
    live: false,
    warnings: [faceWarning(code, 1 - scores.score)],
  }
}
