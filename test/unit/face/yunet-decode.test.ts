import { describe, expect, it } from 'vitest'
import type { DetectedFace } from '../../../electron/shared/face/face.types'
import { decodeYunet, iou, nms, type YunetOutputs } from '../../../electron/inference/yunet-decode'

/** Outputs for a W×H input where only anchor `hit` of stride 16 has a face. */
function outputs(w: number, h: number, hit: number, cls: number, obj: number): YunetOutputs {
  const out: YunetOutputs = {}
  for (const s of [8, 16, 32]) {
    const n = Math.floor(w / s) * Math.floor(h / s)
    const c = new Float32Array(n)
    const o = new Float32Array(n)
    const b = new Float32Array(n * 4)
    const k = new Float32Array(n * 10)
    if (s === 16) {
      c[hit] = cls
      o[hit] = obj
      b.set([0.5, 0.25, Math.log(4), Math.log(5)], hit * 4)
      k.set([0, 0, 1, 0, 0.5, 0.5, 0, 1, 1, 1], hit * 10)
    }
    Object.assign(out, {
      [`cls_${s}`]: { data: c },
      [`obj_${s}`]: { data: o },
      [`bbox_${s}`]: { data: b },
      [`kps_${s}`]: { data: k },
    })
  }
  return out
}

describe('YuNet decoding', () => {
  it('places an anchor by row/col, sizes by exp·stride, scores by √(cls·obj)', () => {
    // 64×32 input: stride 16 has 4 columns; anchor 5 is row 1, col 1.
    const faces = decodeYunet(outputs(64, 32, 5, 0.81, 1), 64, 32, 0.5)
    expect(faces).toHaveLength(1)
    const f = faces[0]
    expect(f?.score).toBeCloseTo(0.9)
    // centre ((1+0.5)·16, (1+0.25)·16) = (24, 20); size (4·16, 5·16) = (64, 80)
    expect(f?.box.x).toBeCloseTo(24 - 32)
    expect(f?.box.y).toBeCloseTo(20 - 40)
    expect(f?.box.width).toBeCloseTo(64)
    expect(f?.box.height).toBeCloseTo(80)
    expect(f?.landmarks[0]).toEqual({ x: 16, y: 16 })
    expect(f?.landmarks[1]).toEqual({ x: 32, y: 16 })
    expect(f?.landmarks[4]).toEqual({ x: 32, y: 32 })
  })

  it('drops anchors under the threshold and clamps scores to 0..1', () => {
    expect(decodeYunet(outputs(64, 32, 5, 0.25, 1), 64, 32, 0.6)).toHaveLength(0)
    expect(decodeYunet(outputs(64, 32, 5, 1.7, 1.2), 64, 32, 0.6)[0]?.score).toBe(1)
  })

  it('refuses outputs that do not fit the input size', () => {
    expect(() => decodeYunet(outputs(64, 32, 5, 1, 1), 128, 64, 0.5)).toThrow(/anchors/)
  })
})

describe('non-maximum suppression', () => {
  const f = (x: number, score: number, w = 10): DetectedFace => ({
    box: { x, y: 0, width: w, height: 10 },
    score,
    landmarks: [],
  })
  it.each([
    ['disjoint boxes all stay', [f(0, 0.9), f(20, 0.8)], [0.9, 0.8]],
    ['a weaker overlapping box goes', [f(0, 0.8), f(1, 0.95)], [0.95]],
    ['overlap under the IoU limit stays', [f(0, 0.9), f(7, 0.8)], [0.9, 0.8]],
  ])('%s', (_n, faces, kept) => {
    expect(nms(faces, 0.3).map((x) => x.score)).toEqual(kept)
  })
  it('iou', () => {
    expect(iou(f(0, 1).box, f(0, 1).box)).toBe(1)
    expect(iou(f(0, 1).box, f(5, 1).box)).toBeCloseTo(50 / 150)
    expect(iou(f(0, 1).box, f(50, 1).box)).toBe(0)
  })
})
