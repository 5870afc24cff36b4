import { describe, expect, it } from 'vitest'
import {
  cropResize,
  toPaddedTensor,
  warpAffine,
  RAW_BGR,
  type RgbImage,
} from '../../../electron/inference/raster'
import { antiSpoofCrop } from '../../../electron/inference/face-pipeline'

/** A w×h image whose red channel is x·10, green y·10, blue 7. */
function ramp(w: number, h: number): RgbImage {
  const data = new Uint8Array(w * h * 3)
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) data.set([x * 10, y * 10, 7], (y * w + x) * 3)
  }
  return { data, width: w, height: h }
}
const px = (img: RgbImage, x: number, y: number) => [
  ...img.data.subarray((y * img.width + x) * 3, (y * img.width + x) * 3 + 3),
]

describe('resampling with OpenCV conventions', () => {
  it('identity warp copies pixels; outside is zero (BORDER_CONSTANT)', () => {
    const src = ramp(4, 3)
    const out = warpAffine(src, [1, 0, 0, 0, 1, 0], 4, 3, 'zero')
    expect(out.data).toEqual(src.data)
    const shifted = warpAffine(src, [1, 0, 2, 0, 1, 0], 4, 3, 'zero')
    expect(px(shifted, 0, 0)).toEqual([20, 0, 7])
    expect(px(shifted, 3, 0)).toEqual([0, 0, 0])
  })

  it('interpolates bilinearly between pixel centres', () => {
    const out = warpAffine(ramp(4, 4), [1, 0, 0.5, 0, 1, 0.5], 2, 2, 'zero')
    expect(px(out, 0, 0)).toEqual([5, 5, 7])
  })

  it('crop-resize halves like cv2.resize(INTER_LINEAR): src = (dst + 0.5)·2 − 0.5', () => {
    const out = cropResize(ramp(8, 8), { x0: 0, y0: 0, x1: 7, y1: 7 }, 4, 4)
    // dst 0 → src 0.5 → 5; dst 3 → src 6.5 → 65
    expect(px(out, 0, 0)).toEqual([5, 5, 7])
    expect(px(out, 3, 3)).toEqual([65, 65, 7])
  })

  it('writes NCHW BGR, padded with zeros on the right and bottom', () => {
    const t = toPaddedTensor(ramp(2, 1), 4, 2, RAW_BGR)
    const plane = 8
    expect([...t.subarray(0, 4)]).toEqual([7, 7, 0, 0]) // B
    expect([...t.subarray(2 * plane, 2 * plane + 4)]).toEqual([0, 10, 0, 0]) // R
    expect(t[4]).toBe(0) // second row is padding
  })
})

describe('MiniFASNet crop (minivision _get_new_box)', () => {
  const face = (x: number, y: number, w: number, h: number) => ({
    box: { x, y, width: w, height: h },
    score: 1,
    landmarks: [],
  })
  it.each([
    [
      'scaled about the centre',
      face(300, 200, 100, 100),
      2.7,
      { x0: 215, y0: 115, x1: 485, y1: 385 },
    ],
    [
      'shifted inside at the left/top edge',
      face(10, 10, 100, 100),
      2.7,
      { x0: 0, y0: 0, x1: 270, y1: 270 },
    ],
    [
      'scale clamped to the shorter side, kept square',
      face(200, 100, 200, 200),
      4.0,
      { x0: 60, y0: 0, x1: 539, y1: 479 },
    ],
  ])('%s', (_n, f, scale, rect) => {
    expect(antiSpoofCrop({ width: 640, height: 480 }, f, scale)).toEqual(rect)
  })
})
