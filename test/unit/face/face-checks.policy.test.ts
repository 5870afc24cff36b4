import { describe, expect, it } from 'vitest'
import {
  summariseFaceChecks,
  matchSelfieScores,
} from '../../../electron/shared/face/face-checks.policy'
import type { FaceMetrics } from '../../../electron/shared/face/face.types'
import { assessLiveness } from '../../../electron/shared/face/liveness.policy'
import { assessDuplicates, assessMatch } from '../../../electron/shared/face/match.policy'
import { assessQuality } from '../../../electron/shared/face/quality.policy'

const metrics: FaceMetrics = {
  prominentFaces: 1,
  interEyePx: 120,
  brightness: 140,
  overexposed: 0,
  sharpness: 900,
  yawDeg: 0,
  pitchDeg: 0,
  rollDeg: 0,
}
const live = { score: 0.99, v2: [0, 0.99, 0.01], v1se: [0, 0.99, 0.01] } as const
const spoof = { score: 0.1, v2: [0.5, 0.1, 0.4], v1se: [0.5, 0.1, 0.4] } as const
const ok = {
  quality: assessQuality(metrics),
  liveness: assessLiveness({ ...live, v2: [...live.v2], v1se: [...live.v1se] }, 0.5),
}

describe('face checks summary', () => {
  it.each([
    ['all passed', {}, 'PASSED', 'OK'],
    ['quality refused', { quality: assessQuality(null) }, 'REJECTED', 'FAILED'],
    [
      'spoof',
      { liveness: assessLiveness({ ...spoof, v2: [...spoof.v2], v1se: [...spoof.v1se] }, 0.5) },
      'REJECTED',
      'FAILED',
    ],
    [
      'auth against the wrong person',
      { enrolled: assessMatch({ similarity: 0.1, threshold: 0.45, against: 'template' }) },
      'REJECTED',
      'FAILED',
    ],
    [
      'document of someone else',
      { document: assessMatch({ similarity: 0.1, threshold: 0.45, against: 'document' }) },
      'WARNING',
      'DIFFERENT_PERSON',
    ],
    [
      'face enrolled under another user',
      { duplicates: assessDuplicates('a', [{ userId: 'b', jobId: 'j', similarity: 0.8 }], 0.45) },
      'WARNING',
      'REPEATED_FACE',
    ],
    [
      'rejection outranks a warning',
      {
        enrolled: assessMatch({ similarity: 0.1, threshold: 0.45, against: 'template' }),
        duplicates: assessDuplicates('a', [{ userId: 'b', jobId: 'j', similarity: 0.8 }], 0.45),
      },
      'REJECTED',
      'FAILED',
    ],
    [
      'no template yet does not fail the job',
      { enrolled: assessMatch({ similarity: null, threshold: 0.45, against: 'template' }) },
      'PASSED',
      'OK',
    ],
  ])('%s', (_n, patch, decision, label) => {
    const s = summariseFaceChecks({ ...ok, ...patch })
    expect([s.decision, s.label]).toEqual([decision, label])
  })

  it('collects every part’s warnings in one list', () => {
    const s = summariseFaceChecks({
      ...ok,
      document: assessMatch({ similarity: 0.1, threshold: 0.45, against: 'document' }),
      duplicates: assessDuplicates('a', [{ userId: 'b', jobId: 'j', similarity: 0.8 }], 0.45),
    })
    expect(s.warnings.map((w) => w.code)).toEqual(['FACE_MISMATCH', 'REPEATED_FACE'])
  })
})

describe('MatchSelfie-shaped scores (seed 004)', () => {
  it('fills scores, eyes and image analysis; the match score is the weakest comparison', () => {
    const face = {
      box: { x: 0, y: 0, width: 100, height: 100 },
      score: 0.95,
      landmarks: [
        { x: 30, y: 40 },
        { x: 70, y: 41 },
        { x: 50, y: 60 },
        { x: 35, y: 80 },
        { x: 65, y: 80 },
      ],
    }
    const m = matchSelfieScores({
      image: { width: 640, height: 480 },
      faces: 1,
      face,
      metrics,
      quality: ok.quality,
      liveness: ok.liveness,
      document: assessMatch({ similarity: 0.8, threshold: 0.45, against: 'document' }),
      enrolled: assessMatch({ similarity: 0.6, threshold: 0.45, against: 'template' }),
    })
    expect(m.MatchScore).toBe(60)
    expect(m.SelfieScores).toEqual([
      { Name: 'HeadShot', VerificationScore: 80 },
      { Name: 'EnrolledTemplate', VerificationScore: 60 },
    ])
    expect(m.LivenessSelfieScores).toEqual([{ Name: 'Selfie0', VerificationScore: 99 }])
    expect(m.SelfieDemographicData).toMatchObject({
      Selfie: { rightEyeX: 30, leftEyeX: 70, iod: 120, spoof: 0.01 },
    })
    expect(m.SelfieImageAnalysis).toEqual({
      Result: 'Passed',
      Selfie: { Width: 640, Height: 480, NumFaces: 1 },
    })
  })
})
