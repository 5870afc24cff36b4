import { describe, expect, it } from 'vitest'
import type { FaceMetrics } from '../../../electron/shared/face/face.types'
import { assessQuality, DEFAULT_QUALITY } from '../../../electron/shared/face/quality.policy'

const good: FaceMetrics = {
  prominentFaces: 1,
  interEyePx: 120,
  brightness: 140,
  overexposed: 0.01,
  sharpness: 900,
  yawDeg: 5,
  pitchDeg: -3,
  rollDeg: 2,
}

describe('quality gate', () => {
  it.each<[string, Partial<FaceMetrics> | null, string[]]>([
    ['a good selfie passes', {}, []],
    ['no face', null, ['SELFIE_FACE_NOT_FOUND']],
    ['two people in view', { prominentFaces: 2 }, ['SELFIE_MULTIPLE_FACES']],
    ['eyes 59 px apart', { interEyePx: 59 }, ['SELFIE_FACE_TOO_SMALL']],
    ['eyes exactly 60 px apart', { interEyePx: 60 }, []],
    ['too dark', { brightness: 40 }, ['SELFIE_TOO_DARK']],
    ['too bright on average', { brightness: 240 }, ['SELFIE_TOO_BRIGHT']],
    ['a third of the face blown out', { overexposed: 0.33 }, ['SELFIE_TOO_BRIGHT']],
    ['blurry', { sharpness: 50 }, ['SELFIE_FACE_LANDMARK_ERR']],
    ['head turned 40°', { yawDeg: -40 }, ['SELFIE_POSE_NOT_FRONTAL']],
    ['looking down 30°', { pitchDeg: 30 }, ['SELFIE_POSE_NOT_FRONTAL']],
    ['head tilted 35°', { rollDeg: 35 }, ['SELFIE_POSE_NOT_FRONTAL']],
    [
      'far away in the dark: both reasons at once',
      { interEyePx: 40, brightness: 30 },
      ['SELFIE_FACE_TOO_SMALL', 'SELFIE_TOO_DARK'],
    ],
  ])('%s', (_name, patch, codes) => {
    const q = assessQuality(patch === null ? null : { ...good, ...patch })
    expect(q.issues.map((i) => i.code)).toEqual(codes)
    expect(q.passed).toBe(codes.length === 0)
    expect(q.decision).toBe(codes.length === 0 ? 'PASSED' : 'REJECTED')
    expect(q.warnings.map((w) => w.code)).toEqual(codes)
  })

  it('gives advice a customer can act on, and the measured value with its limit', () => {
    const q = assessQuality({ ...good, interEyePx: 41.234 })
    expect(q.issues[0]).toEqual({
      code: 'SELFIE_FACE_TOO_SMALL',
      advice: 'Face too far away: move closer to the camera',
      value: 41.23,
      limit: DEFAULT_QUALITY.minInterEyePx,
    })
    expect(q.reason).toBe('Face too far away: move closer to the camera')
    for (const code of ['SELFIE_FACE_NOT_FOUND', 'SELFIE_MULTIPLE_FACES'] as const) {
      const w = assessQuality(
        code === 'SELFIE_FACE_NOT_FOUND' ? null : { ...good, prominentFaces: 3 },
      ).warnings[0]
      expect(w).toMatchObject({ code, severity: 'High', confidence: 1 })
    }
  })
})
