/**
 * Binary-image basics shared by the core's document checks and the renderer's live capture:
 * Otsu thresholding and connected components. Pure and allocation-light; no Node, no DOM.
 */

export interface Box {
  x0: number
  y0: number
  x1: number
  y1: number
}

/** Otsu's threshold: the ink/paper split that best separates the two populations. */
export function otsu(data: Uint8Array): number {
  const hist = new Float64Array(256)
  for (const v of data) hist[v] = (hist[v] ?? 0) + 1
  const total = data.length
  let sum = 0
  for (let i = 0; i < 256; i++) sum += i * (hist[i] ?? 0)
  let sumB = 0
  let wB = 0
  let best = 0
  let threshold = 128
  for (let t = 0; t < 256; t++) {
    wB += hist[t] ?? 0
    if (wB === 0) continue
    const wF = total - wB
    if (wF === 0) break
    sumB += t * (hist[t] ?? 0)
    const mB = sumB / wB
    const mF = (sum - sumB) / wF
    const between = wB * wF * (mB - mF) * (mB - mF)
    if (between > best) {
      best = between
      threshold = t
    }
  }
  return threshold
}

export function binarize(img: { data: Uint8Array }): Uint8Array {
  const t = otsu(img.data)
  const out = new Uint8Array(img.data.length)
  for (let i = 0; i < out.length; i++) out[i] = (img.data[i] ?? 255) <= t ? 1 : 0
  return out
}

export interface Component extends Box {
  area: number
}

/** 8-connected components of the ink, as bounding boxes with their pixel counts. */
export function components(ink: Uint8Array, w: number, h: number): Component[] {
  const label = new Int32Array(w * h)
  const blobs: Component[] = []
  const stack: number[] = []
  for (let start = 0; start < ink.length; start++) {
    if (ink[start] !== 1 || label[start] !== 0) continue
    const id = blobs.length + 1
    const b: Component = { x0: w, y0: h, x1: -1, y1: -1, area: 0 }
    label[start] = id
    stack.push(start)
    while (stack.length > 0) {
      const p = stack.pop()!
      const x = p % w
      const y = (p - x) / w
      b.area++
      if (x < b.x0) b.x0 = x
      if (x > b.x1) b.x1 = x
      if (y < b.y0) b.y0 = y
      if (y > b.y1) b.y1 = y
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy
        if (yy < 0 || yy >= h) continue
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx
          if (xx < 0 || xx >= w) continue
          const q = yy * w + xx
          if (ink[q] === 1 && label[q] === 0) {
            label[q] = id
            stack.push(q)
          }
        }
      }
    }
    blobs.push(b)
  }
  return blobs
}
