import { describe, expect, it } from 'vitest'
import {
  applyAffine,
  ARCFACE_TEMPLATE,
  estimateSimilarity,
  headPose,
  invertAffine,
  type Affine,
} from '../../../electron/shared/face/face-geometry'

const transform = (angleDeg: number, scale: number, tx: number, ty: number): Affine => {
  const a = (angleDeg * Math.PI) / 180
  const c = Math.cos(a) * scale
  const s = Math.sin(a) * scale
  return [c, -s, tx, s, c, ty]
}

describe('similarity transform', () => {
  it.each([
    [0, 1, 0, 0],
    [12, 3.5, 140, -20],
    [-40, 0.4, 7, 300],
  ])('recovers rotation %s°, scale %s, shift (%s, %s) exactly', (deg, scale, tx, ty) => {
    const m = transform(deg, scale, tx, ty)
    const src = ARCFACE_TEMPLATE.map((p) => applyAffine(invertAffine(m), p))
    const est = estimateSimilarity(src, ARCFACE_TEMPLATE)
    est.forEach((v, i) => expect(v).toBeCloseTo(m[i] ?? NaN, 6))
  })

  it('is the least-squares fit when the points are noisy', () => {
    const noisy = ARCFACE_TEMPLATE.map((p, i) => ({ x: p.x * 2 + (i % 2 ? 1 : -1), y: p.y * 2 }))
    const est = estimateSimilarity(noisy, ARCFACE_TEMPLATE)
    expect(est[0]).toBeCloseTo(0.5, 2)
    expect(Math.abs(est[1])).toBeLessThan(0.02)
  })

  it('inverts', () => {
    const m = transform(30, 2, 5, 6)
    const p = { x: 3, y: 4 }
    const q = applyAffine(invertAffine(m), applyAffine(m, p))
    expect(q.x).toBeCloseTo(3)
    expect(q.y).toBeCloseTo(4)
  })
})

describe('head pose from 5 landmarks', () => {
  // A frontal face with YuNet's typical nose position (0.61 of the way from eyes to mouth).
  const frontal = [
    { x: 100, y: 100 },
    { x: 160, y: 100 },
    { x: 130, y: 142.7 },
    { x: 105, y: 170 },
    { x: 155, y: 170 },
  ]
  it('reads a frontal face as ~0° and measures the eye distance', () => {
    const p = headPose(frontal)
    expect(p.interEyePx).toBe(60)
    expect(Math.abs(p.yawDeg)).toBeLessThan(1)
    expect(Math.abs(p.pitchDeg)).toBeLessThan(1)
    expect(p.rollDeg).toBe(0)
  })
  it('sees a nose shifted sideways as yaw, both ways', () => {
    const right = headPose(frontal.map((p, i) => (i === 2 ? { ...p, x: p.x + 25 } : p)))
    const left = headPose(frontal.map((p, i) => (i === 2 ? { ...p, x: p.x - 25 } : p)))
    expect(right.yawDeg).toBeGreaterThan(30)
    expect(left.yawDeg).toBeLessThan(-30)
  })
  it('reads roll from the eye line, whatever the pose', () => {
    const r = 20 * (Math.PI / 180)
    const rotated = frontal.map((p) => ({
      x: 130 + (p.x - 130) * Math.cos(r) - (p.y - 130) * Math.sin(r),
      y: 130 + (p.x - 130) * Math.sin(r) + (p.y - 130) * Math.cos(r),
    }))
    const p = headPose(rotated)
    expect(p.rollDeg).toBeCloseTo(20, 5)
    expect(Math.abs(p.yawDeg)).toBeLessThan(1)
    expect(Math.abs(p.pitchDeg)).toBeLessThan(1)
  })
})
