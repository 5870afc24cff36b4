/**
 * Measures one camera frame (canvas RGBA) for the document readiness policy, with the same pure
 * measures the core uses on files: outline, Laplacian sharpness inside it, glare
 * (share of its pixels above 240) and brightness.
 */
import type { FrameMeasure } from './capture-readiness.policy'
import { documentOutline } from './document-outline'
import { laplacianVariance, luma } from './image-measures'

/** Frames are measured at this width: enough detail for the sharpness floor, cheap per frame. */
export const MEASURE_WIDTH = 640

export function measureFrame(data: Uint8ClampedArray, width: number, height: number): FrameMeasure {
  const gray = luma({ data, width, height, channels: 4 })
  const outline = documentOutline(gray, width, height)
  const box = outline?.box ?? { x0: 0, y0: 0, x1: width - 1, y1: height - 1 }
  const bw = box.x1 - box.x0 + 1
  const bh = box.y1 - box.y0 + 1
  const crop = new Uint8Array(bw * bh)
  let sum = 0
  let bright = 0
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      const v = gray[(box.y0 + y) * width + box.x0 + x]!
      crop[y * bw + x] = v
      sum += v
      if (v > 240) bright++
    }
  }
  const n = Math.max(1, bw * bh)
  return {
    outline,
    sharpness: laplacianVariance(crop, bw, bh),
    glare: bright / n,
    brightness: sum / n,
  }
}
