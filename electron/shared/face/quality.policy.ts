/**
 * The selfie quality gate: runs before liveness and matching, and every refusal is something the
 * customer can fix (come closer, more light, hold still, face the camera, be alone in the frame).
 */
import type { FaceMetrics } from './face.types'
import {
  faceWarning,
  notExecuted,
  passed,
  type CheckDecision,
  type FaceWarning,
  type WarningCode,
} from './face-vocabulary'

export interface QualityThresholds {
  /** ISO/IEC 19794-5 token images need ≥ 60 px between the eye centres. */
  minInterEyePx: number
  minBrightness: number
  maxBrightness: number
  /** Share of blown-out face pixels. */
  maxOverexposed: number
  minSharpness: number
  maxYawDeg: number
  maxPitchDeg: number
  maxRollDeg: number
}

/**
 * Brightness, overexposure and sharpness limits were set with scripts/calibrate-face.ts on the 36
 * shared faces and altered copies of them: originals have face brightness 100–191, overexposure
 * ≤ 0.06 and sharpness ≥ 294; copies darkened to 25 % light score ≤ 47, copies brightened ×2.2+40
 * score overexposure ≥ 0.33, and copies blurred with σ = 5 % of the eye distance score ≤ 60. Each
 * limit sits in the gap with room on both sides. Pose limits are lenient on purpose: alignment
 * copes with ±30°, and the estimate from 5 points is itself only good to ~10°.
 */
export const DEFAULT_QUALITY: QualityThresholds = {
  minInterEyePx: 60,
  minBrightness: 55,
  maxBrightness: 225,
  maxOverexposed: 0.25,
  minSharpness: 80,
  maxYawDeg: 30,
  maxPitchDeg: 25,
  maxRollDeg: 30,
}

export interface QualityIssue {
  code: WarningCode
  /** What the customer should do, in plain words. */
  advice: string
  value?: number
  limit?: number
}

export interface QualityAssessment extends CheckDecision {
  passed: boolean
  issues: QualityIssue[]
  warnings: FaceWarning[]
}

const ADVICE: Partial<Record<WarningCode, string>> = {
  SELFIE_FACE_NOT_FOUND: 'No face found: look at the camera with your whole face in the frame',
  SELFIE_MULTIPLE_FACES:
    'More than one face in view: only the person enrolling should be in the picture',
  SELFIE_FACE_TOO_SMALL: 'Face too far away: move closer to the camera',
  SELFIE_TOO_DARK: 'Too dark: face a light or switch the lights on',
  SELFIE_TOO_BRIGHT: 'Too bright: move out of direct light or away from the window',
  SELFIE_FACE_LANDMARK_ERR: 'The picture is blurry: hold still, and wipe the camera lens if needed',
  SELFIE_POSE_NOT_FRONTAL: 'Look straight at the camera, without turning or tilting your head',
}

const issue = (code: WarningCode, value?: number, limit?: number): QualityIssue => ({
  code,
  advice: ADVICE[code] ?? code,
  ...(value === undefined ? {} : { value: Math.round(value * 100) / 100 }),
  ...(limit === undefined ? {} : { limit }),
})

/**
 * `metrics` null means no face was found. Every failing measure is listed (not just the first),
 * so the customer fixes light and distance in one retry, not two.
 */
export function assessQuality(
  metrics: FaceMetrics | null,
  t: QualityThresholds = DEFAULT_QUALITY,
): QualityAssessment {
  const issues: QualityIssue[] = []
  if (metrics === null) {
    issues.push(issue('SELFIE_FACE_NOT_FOUND'))
  } else {
    if (metrics.prominentFaces > 1) {
      issues.push(issue('SELFIE_MULTIPLE_FACES', metrics.prominentFaces, 1))
    }
    if (metrics.interEyePx < t.minInterEyePx) {
      issues.push(issue('SELFIE_FACE_TOO_SMALL', metrics.interEyePx, t.minInterEyePx))
    }
    if (metrics.brightness < t.minBrightness) {
      issues.push(issue('SELFIE_TOO_DARK', metrics.brightness, t.minBrightness))
    } else if (metrics.brightness > t.maxBrightness) {
      issues.push(issue('SELFIE_TOO_BRIGHT', metrics.brightness, t.maxBrightness))
    } else if (metrics.overexposed > t.maxOverexposed) {
      issues.push(issue('SELFIE_TOO_BRIGHT', metrics.overexposed, t.maxOverexposed))
    }
    if (metrics.sharpness < t.minSharpness) {
      issues.push(issue('SELFIE_FACE_LANDMARK_ERR', metrics.sharpness, t.minSharpness))
    }
    const pose = poseIssue(metrics, t)
    if (pose !== null) issues.push(pose)
  }
  const warnings = issues.map((i) => faceWarning(i.code, 1))
  if (issues.length === 0) return { ...passed(), passed: true, issues, warnings }
  return {
    decision: 'REJECTED',
    label: 'FAILED',
    reason: issues.map((i) => i.advice).join('; '),
    passed: false,
    issues,
    warnings,
  }
}

function poseIssue(m: FaceMetrics, t: QualityThresholds): QualityIssue | null {
  const over = [
    [Math.abs(m.yawDeg), t.maxYawDeg],
    [Math.abs(m.pitchDeg), t.maxPitchDeg],
    [Math.abs(m.rollDeg), t.maxRollDeg],
  ] as const
  const worst = over.find(([v, limit]) => v > limit)
  return worst === undefined ? null : issue('SELFIE_POSE_NOT_FRONTAL', worst[0], worst[1])
}

/** For checks that depend on the gate: why they did not run. */
export const gateNotPassed = (): CheckDecision =>
  notExecuted('PRECONDITION_NOT_FULFILLED', 'the selfie did not pass the quality gate')
