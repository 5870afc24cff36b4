import { describe, expect, it } from 'vitest'
import type { LivenessScores } from '../../../electron/shared/face/face.types'
import { assessLiveness } from '../../../electron/shared/face/liveness.policy'

const scores = (v2real: number, v1real: number): LivenessScores => ({
  score: (v2real + v1real) / 2,
  v2: [0, v2real, 1 - v2real],
  v1se: [(1 - v1real) / 2, v1real, (1 - v1real) / 2],
})

describe('liveness decision', () => {
  it.each<[string, LivenessScores | null, string, string, string | null]>([
    ['both models say real', scores(0.99, 0.98), 'PASSED', 'OK', null],
    ['exactly at the threshold passes', scores(0.5, 0.5), 'PASSED', 'OK', null],
    ['both say spoof: a recapture', scores(0.01, 0.42), 'REJECTED', 'FAILED', 'RECAPTURED_FACE'],
    ['models disagree, fused below', scores(0.7, 0.1), 'REJECTED', 'FAILED', 'FACE_LIVENESS_ERR'],
    ['no face: not executed', null, 'NOT_EXECUTED', 'PRECONDITION_NOT_FULFILLED', null],
  ])('%s', (_n, s, decision, label, code) => {
    const r = assessLiveness(s, 0.5)
    expect(r.decision).toBe(decision)
    expect(r.label).toBe(label)
    expect(r.warnings.map((w) => w.code)).toEqual(code === null ? [] : [code])
    expect(r.live).toBe(decision === 'PASSED')
  })

  it('reports the spoof probability as the warning confidence', () => {
    const r = assessLiveness(scores(0.02, 0.4), 0.5)
    expect(r.score).toBe(0.21)
    expect(r.warnings[0]).toMatchObject({ severity: 'High', confidence: 0.79 })
  })

  it('uses the configured threshold', () => {
    expect(assessLiveness(scores(0.8, 0.8), 0.9).live).toBe(false)
    expect(assessLiveness(scores(0.8, 0.8), 0.7).live).toBe(true)
  })
})
