/**
 * What the document checks measure on pixels, as pure functions over plain arrays, so the core
 * (images decoded by sharp) and the renderer (camera frames from a canvas) measure the same way.
 * Each measure says in its comment what physical effect it tracks.
 */
import { components } from './blobs'
import { powerSpectrum } from './fft'

export interface Raster {
  data: Uint8Array | Uint8ClampedArray
  width: number
  height: number
  /** 1 (gray), 3 (RGB) or 4 (RGBA, as a canvas gives it). */
  channels: number
}

/** Rec. 601 luma, one byte per pixel. */
export function luma(img: Raster): Uint8Array {
  const n = img.width * img.height
  const out = new Uint8Array(n)
  const c = img.channels
  if (c < 3) {
    for (let i = 0; i < n; i++) out[i] = img.data[i * c] ?? 0
    return out
  }
  for (let i = 0, j = 0; i < n; i++, j += c) {
    out[i] =
      (299 * (img.data[j] ?? 0) + 587 * (img.data[j + 1] ?? 0) + 114 * (img.data[j + 2] ?? 0)) /
      1000
  }
  return out
}

/**
 * Sharpness: variance of the 4-neighbour Laplacian (Pech-Pacheco et al. 2000), the measure the
 * anchors' desktop threshold (60) is stated in. Text edges make it large; defocus removes them.
 */
export function laplacianVariance(gray: Uint8Array, w: number, h: number): number {
  let sum = 0
  let sum2 = 0
  let n = 0
  for (let y = 1; y < h - 1; y++) {
    for (let x = 1; x < w - 1; x++) {
      const i = y * w + x
      const l = gray[i - 1]! + gray[i + 1]! + gray[i - w]! + gray[i + w]! - 4 * gray[i]!
      sum += l
      sum2 += l * l
      n++
    }
  }
  if (n === 0) return 0
  const mean = sum / n
  return sum2 / n - mean * mean
}

/**
 * Colourfulness (Hasler & Süsstrunk 2003): spread and mean of the opponent channels R−G and
 * (R+G)/2−B. A grayscale photocopy gives ~0; any printed colour document gives well above 10.
 */
export function colourfulness(img: Raster): number {
  if (img.channels < 3) return 0
  const n = img.width * img.height
  const c = img.channels
  let srg = 0
  let syb = 0
  let srg2 = 0
  let syb2 = 0
  for (let i = 0, j = 0; i < n; i++, j += c) {
    const r = img.data[j] ?? 0
    const g = img.data[j + 1] ?? 0
    const b = img.data[j + 2] ?? 0
    const rg = r - g
    const yb = 0.5 * (r + g) - b
    srg += rg
    syb += yb
    srg2 += rg * rg
    syb2 += yb * yb
  }
  const mrg = srg / n
  const myb = syb / n
  const sd = Math.sqrt(Math.max(0, srg2 / n - mrg * mrg) + Math.max(0, syb2 / n - myb * myb))
  return sd + 0.3 * Math.sqrt(mrg * mrg + myb * myb)
}

/** Standard deviation of a gray image. */
export function contrast(gray: Uint8Array): number {
  let sum = 0
  let sum2 = 0
  for (const v of gray) {
    sum += v
    sum2 += v * v
  }
  const n = Math.max(1, gray.length)
  const mean = sum / n
  return Math.sqrt(Math.max(0, sum2 / n - mean * mean))
}

export interface GlareSpot {
  /** Share of the image the clipped spot covers. */
  area: number
  /** How disc-like it is: area / area of the circle through its farthest pixel (1 = a disc). */
  roundness: number
  /** Mean brightness just outside the spot minus a little farther out: the reflection's halo. */
  halo: number
}

/**
 * Glare: a specular reflection clips the sensor in a compact spot and brightens a halo around it.
 * Found as compact clipped blobs (after a small blur so JPEG noise does not fragment them) that do
 * not touch the image border (paper margins and backgrounds do) and fade out around their edge.
 * Plain white paper clips too, but as large irregular regions threaded between text — not discs.
 */
export function glareSpots(gray: Uint8Array, w: number, h: number): GlareSpot[] {
  const smooth = boxBlur(gray, w, h, 2)
  const clipped = new Uint8Array(w * h)
  for (let i = 0; i < clipped.length; i++) clipped[i] = smooth[i]! >= 250 ? 1 : 0
  const spots: GlareSpot[] = []
  for (const c of components(clipped, w, h)) {
    if (c.area < w * h * 0.002) continue
    if (c.x0 === 0 || c.y0 === 0 || c.x1 === w - 1 || c.y1 === h - 1) continue
    let sx = 0
    let sy = 0
    let n = 0
    for (let y = c.y0; y <= c.y1; y++) {
      for (let x = c.x0; x <= c.x1; x++) {
        if (clipped[y * w + x] === 1) {
          sx += x
          sy += y
          n++
        }
      }
    }
    const cx = sx / n
    const cy = sy / n
    let rmax = 0
    for (let y = c.y0; y <= c.y1; y++) {
      for (let x = c.x0; x <= c.x1; x++) {
        if (clipped[y * w + x] === 1) rmax = Math.max(rmax, Math.hypot(x - cx, y - cy))
      }
    }
    const roundness = c.area / (Math.PI * Math.max(1, rmax) ** 2)
    const spot = { area: c.area / (w * h), roundness, halo: 0 }
    spots.push(spot)
    // The halo is only worth measuring on a disc-like spot; paper regions are far from round.
    if (roundness < 0.3) continue
    const r = Math.sqrt(c.area / Math.PI)
    const ring = (r0: number, r1: number): number => {
      let s = 0
      let k = 0
      for (
        let y = Math.max(0, Math.floor(cy - r1));
        y <= Math.min(h - 1, Math.ceil(cy + r1));
        y++
      ) {
        for (
          let x = Math.max(0, Math.floor(cx - r1));
          x <= Math.min(w - 1, Math.ceil(cx + r1));
          x++
        ) {
          const d = Math.hypot(x - cx, y - cy)
          if (d >= r0 && d < r1 && clipped[y * w + x] === 0) {
            s += smooth[y * w + x]!
            k++
          }
        }
      }
      return k === 0 ? 0 : s / k
    }
    spot.halo = ring(r, 1.5 * r) - ring(2 * r, 2.5 * r)
  }
  return spots
}

/** Mean over a (2r+1)² window by running sums, rows then columns. */
export function boxBlur(gray: Uint8Array, w: number, h: number, r: number): Uint8Array {
  const tmp = new Float32Array(w * h)
  const out = new Uint8Array(w * h)
  for (let y = 0; y < h; y++) {
    let acc = 0
    for (let x = -r; x <= r; x++) acc += gray[y * w + Math.min(w - 1, Math.max(0, x))]!
    for (let x = 0; x < w; x++) {
      tmp[y * w + x] = acc / (2 * r + 1)
      acc += gray[y * w + Math.min(w - 1, x + r + 1)]! - gray[y * w + Math.max(0, x - r)]!
    }
  }
  for (let x = 0; x < w; x++) {
    let acc = 0
    for (let y = -r; y <= r; y++) acc += tmp[Math.min(h - 1, Math.max(0, y)) * w + x]!
    for (let y = 0; y < h; y++) {
      out[y * w + x] = Math.round(acc / (2 * r + 1))
      acc += tmp[Math.min(h - 1, y + r + 1) * w + x]! - tmp[Math.max(0, y - r) * w + x]!
    }
  }
  return out
}

/**
 * Screen recapture: a display's red, green and blue sub-pixel stripes beat against the camera's
 * sensor grid into coloured moiré — a periodic pattern in the colour-opponent channel R−G. Paper,
 * ink and print have no sharp single frequency there. Measured on an n×n block at the image's
 * native resolution (resampling would blur the pattern away) as the strongest spectral peak over
 * the median power at the same radius, normalised to a 128-px block (a pure tone's peak grows
 * with n² against the background). Frequencies on the axes are skipped: JPEG's 8×8 blocks and
 * chroma subsampling put peaks there in every photo.
 */
export function screenPeak(block: Raster, n: number): number {
  const chroma = new Float64Array(n * n)
  const c = block.channels
  if (c < 3) return 0
  for (let i = 0, j = 0; i < n * n; i++, j += c) {
    chroma[i] = (block.data[j] ?? 0) - (block.data[j + 1] ?? 0)
  }
  const p = powerSpectrum(chroma, n)
  const rings: number[][] = []
  const freq = (i: number) => (i < n / 2 ? i : i - n)
  for (let v = 0; v < n; v++) {
    for (let u = 0; u < n; u++) {
      const r = Math.round(Math.hypot(freq(u), freq(v)))
      ;(rings[r] ??= []).push(p[v * n + u]!)
    }
  }
  const median = rings.map((a) => (a === undefined ? 0 : a.sort((x, y) => x - y)[a.length >> 1]!))
  const at = (u: number, v: number) => p[(((v % n) + n) % n) * n + (((u % n) + n) % n)]!
  let best = 0
  for (let v = 0; v < n; v++) {
    for (let u = 0; u < n; u++) {
      const fu = freq(u)
      const fv = freq(v)
      if (Math.abs(fu) <= 1 || Math.abs(fv) <= 1) continue
      const r = Math.hypot(fu, fv)
      if (r < n / 12 || r > n / 2) continue
      let e = 0
      for (let dv = -1; dv <= 1; dv++) for (let du = -1; du <= 1; du++) e += at(u + du, v + dv)
      const q = e / 9 / (median[Math.round(r)]! + 1e-9) / (n / 128) ** 2
      if (q > best) best = q
    }
  }
  // A synthetic pattern has no background at all: cap the ratio at a readable size.
  return Math.min(best, 1e6)
}

/**
 * Printed text: character-sized ink blobs chained left to right at a steady height, five or more
 * in a row. A document shows many such lines; a face, a wall or a blank page shows almost none.
 */
export function textLines(ink: Uint8Array, w: number, h: number): number {
  const chars = components(ink, w, h)
    .filter((b) => {
      const bh = b.y1 - b.y0 + 1
      const bw = b.x1 - b.x0 + 1
      return bh >= 6 && bh <= h * 0.06 && bw <= bh * 2 && bw >= bh * 0.1 && b.area >= bw * bh * 0.15
    })
    .sort((a, b) => a.x0 - b.x0)
  const used = new Uint8Array(chars.length)
  let lines = 0
  for (let i = 0; i < chars.length; i++) {
    if (used[i] === 1) continue
    used[i] = 1
    let cur = chars[i]!
    let n = 1
    const areas = [cur.area]
    for (let j = i + 1; j < chars.length; j++) {
      if (used[j] === 1) continue
      const b = chars[j]!
      const h1 = cur.y1 - cur.y0 + 1
      const h2 = b.y1 - b.y0 + 1
      const gap = b.x0 - cur.x1
      if (gap > 3 * Math.max(h1, h2) + 50) break
      if (gap > 1.2 * Math.max(h1, h2)) continue
      if (h2 < h1 * 0.6 || h2 > h1 / 0.6) continue
      if (Math.abs((b.y0 + b.y1) / 2 - (cur.y0 + cur.y1) / 2) > 0.35 * Math.max(h1, h2)) continue
      used[j] = 1
      cur = b
      n++
      areas.push(b.area)
    }
    // Letters differ from one another; a printed grid or a screen's pixels are all alike.
    if (n >= 5 && variation(areas) >= 0.15) lines++
  }
  return lines
}

/** Coefficient of variation (standard deviation / mean). */
function variation(values: number[]): number {
  const mean = values.reduce((a, b) => a + b, 0) / values.length
  if (mean === 0) return 0
  const v = values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length
  return Math.sqrt(v) / mean
}
