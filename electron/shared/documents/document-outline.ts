/**
 * Where the document is in a camera frame, cheaply enough for every sampled frame in the page:
 * edges (Sobel) are thresholded and thickened so a card's border becomes one closed region, and
 * the region with the widest box is the document. Returns how much of the frame it fills and
 * its aspect ratio (ID-1 cards are 1.586:1, passport pages 1.42:1).
 */
import { components, type Box } from './blobs'

export interface Outline {
  box: Box
  /** Box area / frame area, 0–1. */
  fill: number
  /** Long side / short side of the box. */
  aspect: number
}

export function documentOutline(gray: Uint8Array, w: number, h: number): Outline | null {
  const mag = new Uint8Array(w * h)
  const hist = new Uint32Array(256)
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x
      const gx =
        gray[i - w + 1]! +
        2 * gray[i + 1]! +
        gray[i + w + 1]! -
        gray[i - w - 1]! -
        2 * gray[i - 1]! -
        gray[i + w - 1]!
      const gy =
        gray[i + w - 1]! +
        2 * gray[i + w]! +
        gray[i + w + 1]! -
        gray[i - w - 1]! -
        2 * gray[i - w]! -
        gray[i - w + 1]!
      const m = Math.min(255, (Math.abs(gx) + Math.abs(gy)) >> 2)
      mag[i] = m
      hist[m]!++
    }
  }
  // Edges: the strongest 12 % of gradients, and never mere sensor noise.
  let acc = 0
  let level = 0
  const target = w * h * 0.12
  for (let v = 255; v > 0; v--) {
    acc += hist[v]!
    if (acc >= target) {
      level = v
      break
    }
  }
  level = Math.max(level, 24)
  const edges = new Uint8Array(w * h)
  for (let i = 0; i < edges.length; i++) edges[i] = mag[i]! >= level ? 1 : 0
  const r = Math.max(1, Math.round(Math.min(w, h) / 60))
  const joined = dilate(edges, w, h, r)
  // The document is the region with the widest extent: its border encloses its own print. A
  // few scattered specks are not a region.
  const parts = components(joined, w, h).filter((p) => p.area >= w * h * 0.005)
  if (parts.length === 0) return null
  const extent = (p: { x0: number; y0: number; x1: number; y1: number }) =>
    (p.x1 - p.x0 + 1) * (p.y1 - p.y0 + 1)
  const biggest = parts.reduce((a, b) => (extent(b) > extent(a) ? b : a))
  // Undo the thickening on the outside of the box.
  const box = {
    x0: Math.min(biggest.x0 + r, w - 1),
    y0: Math.min(biggest.y0 + r, h - 1),
    x1: Math.max(biggest.x1 - r, 0),
    y1: Math.max(biggest.y1 - r, 0),
  }
  const bw = box.x1 - box.x0 + 1
  const bh = box.y1 - box.y0 + 1
  if (bw <= 0 || bh <= 0 || bw * bh < w * h * 0.05) return null
  return {
    box,
    fill: (bw * bh) / (w * h),
    aspect: Math.max(bw, bh) / Math.min(bw, bh),
  }
}

/** Square dilation by running maxima along rows, then columns. */
function dilate(src: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const tmp = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    let prev = -Infinity
    for (let x = 0; x < w; x++) {
      if (src[y * w + x] === 1) prev = x
      if (x - prev <= r) tmp[y * w + x] = 1
    }
    let next = Infinity
    for (let x = w - 1; x >= 0; x--) {
      if (src[y * w + x] === 1) next = x
      if (next - x <= r) tmp[y * w + x] = 1
    }
  }
  const out = new Uint8Array(w * h)
  for (let x = 0; x < w; x++) {
    let prev = -Infinity
    for (let y = 0; y < h; y++) {
      if (tmp[y * w + x] === 1) prev = y
      if (y - prev <= r) out[y * w + x] = 1
    }
    let next = Infinity
    for (let y = h - 1; y >= 0; y--) {
      if (tmp[y * w + x] === 1) next = y
      if (next - y <= r) out[y * w + x] = 1
    }
  }
  return out
}
