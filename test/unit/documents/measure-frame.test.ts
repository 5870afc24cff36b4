/** The camera component's per-frame measurement on synthetic RGBA frames, with the policy. */
import { describe, expect, it } from 'vitest'
import { frameHint } from '../../../electron/shared/documents/capture-readiness.policy'
import { measureFrame } from '../../../electron/shared/documents/frame-measure'

/** A 640×480 RGBA frame: dark desk, a light card of `fill` share with printed rows, optional glare. */
function rgbaFrame(
  fill: number,
  opts: { glare?: boolean; light?: number } = {},
): Uint8ClampedArray {
  const w = 640
  const h = 480
  const f = new Uint8ClampedArray(w * h * 4)
  const light = opts.light ?? 1
  const cw = Math.round(Math.sqrt(fill * w * h * 1.586))
  const ch = Math.round(cw / 1.586)
  const x0 = (w - cw) >> 1
  const y0 = (h - ch) >> 1
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const inCard = x >= x0 && x < x0 + cw && y >= y0 && y < y0 + ch
      let v = inCard ? 210 : 50
      // text rows: marks of varied width
      if (inCard && (y - y0) % 24 > 6 && (y - y0) % 24 < 16 && (x - x0) % 14 < 3 + ((x - x0) % 5)) {
        v = 40
      }
      if (opts.glare === true && inCard && Math.hypot(x - w / 2, y - h / 2) < cw * 0.3) v = 255
      const i = (y * w + x) * 4
      f[i] = v * light
      f[i + 1] = v * light
      f[i + 2] = v * light
      f[i + 3] = 255
    }
  }
  return f
}

describe('document frame measurement', () => {
  it.each([
    ['a card filling 85 % of the frame', rgbaFrame(0.85), 'ready'],
    ['a card filling 40 %', rgbaFrame(0.4), 'move_closer'],
    ['a card with a big reflection', rgbaFrame(0.85, { glare: true }), 'glare'],
    ['a dark room', rgbaFrame(0.85, { light: 0.12 }), 'too_dark'],
  ] as const)('%s → %s', (_name, frame, hint) => {
    const m = measureFrame(frame, 640, 480)
    expect(frameHint(m)).toBe(hint)
  })

  it('measures the fill of a card of known size', () => {
    const m = measureFrame(rgbaFrame(0.85), 640, 480)
    expect(m.outline?.fill).toBeGreaterThan(0.8)
    expect(m.outline?.fill).toBeLessThan(0.9)
    expect(m.outline?.aspect).toBeCloseTo(1.586, 1)
  })
})
