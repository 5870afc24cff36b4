import { describe, expect, it } from 'vitest'
import {
  IDENTITY_DEFAULTS,
  jumped,
  medianSignature,
  signatureDistance,
} from '../../../electron/shared/liveness/identity.policy'
import {
  LIVENESS_FRAMES,
  selectLivenessFrames,
  type FrameCandidate,
} from '../../../electron/shared/liveness/liveness-frames.policy'
import { face, PERSON_A, PERSON_B } from './stream'

describe('signatures', () => {
  it('distance is 0 for the same geometry and symmetric', () => {
    expect(signatureDistance(PERSON_A, PERSON_A)).toBe(0)
    expect(signatureDistance(PERSON_A, PERSON_B)).toBeCloseTo(
      signatureDistance(PERSON_B, PERSON_A),
      12,
    )
    expect(signatureDistance(PERSON_A, PERSON_B)).toBeGreaterThan(
      IDENTITY_DEFAULTS.maxSignatureDistance,
    )
  })
  it('the median signature shrugs off one bad frame', () => {
    const m = medianSignature([PERSON_A, PERSON_A, PERSON_B])
    expect(signatureDistance(m, PERSON_A)).toBe(0)
  })
})

describe('track continuity', () => {
  const at = (x: number, w = 0.3) => face({ box: { x, y: 0.25, width: w, height: w * 1.33 } })
  it.each([
    ['a small step between two frames', 0.35, 0.38, 33, false],
    ['a jump of a face width between two frames', 0.35, 0.7, 33, true],
    ['the same distance over a second', 0.35, 0.7, 1000, false],
  ])('%s → jumped: %s', (_n, from, to, dt, expected) => {
    expect(jumped({ t: 0, face: at(from) }, { t: dt, face: at(to) })).toBe(expected)
  })
  it('a face that suddenly doubles in size (someone stepping in front) is a jump', () => {
    expect(jumped({ t: 0, face: at(0.35, 0.2) }, { t: 33, face: at(0.3, 0.4) })).toBe(true)
  })
})

describe('selectLivenessFrames', () => {
  const every = (ms: number, n: number, tag: FrameCandidate['tag'] = 'interval') =>
    Array.from({ length: n }, (_, i) => ({ t: i * ms, tag }))

  it('keeps 8 frames at least 250 ms apart, spread over the session', () => {
    const c = every(100, 60) // 6 s of candidates every 100 ms
    const idx = selectLivenessFrames(c) ?? []
    expect(idx).toHaveLength(LIVENESS_FRAMES.max)
    const ts = idx.map((i) => c[i]?.t ?? 0)
    for (let i = 1; i < ts.length; i++) {
      expect((ts[i] ?? 0) - (ts[i - 1] ?? 0)).toBeGreaterThanOrEqual(250)
    }
    expect(ts[0]).toBe(0)
    expect(ts.at(-1)).toBeGreaterThan(5000)
  })
  it('always keeps the frame where each challenge was passed', () => {
    const c: FrameCandidate[] = [
      ...every(100, 40),
      { t: 1234, tag: 'peak' },
      { t: 2345, tag: 'peak' },
    ]
    const idx = selectLivenessFrames(c) ?? []
    expect(idx).toContain(40)
    expect(idx).toContain(41)
  })
  it('gives up (null) when the frames are too few or too close together', () => {
    expect(selectLivenessFrames(every(100, 10))).toBeNull() // 1 s: at most 4 frames 250 ms apart
    expect(selectLivenessFrames(every(300, 5))).toBeNull()
    expect(selectLivenessFrames(every(300, 6))).toHaveLength(6)
  })
})
