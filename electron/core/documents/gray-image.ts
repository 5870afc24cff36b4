/**
 * A decoded 8-bit grayscale raster and the few whole-image operations the document checks need.
 * sharp decodes and resizes (libvips is far faster than JS for that); the per-pixel measures that
 * libvips has no operator for (run lengths, projections, blobs) work on this plain array.
 */
import sharp, { type OutputInfo, type Sharp } from 'sharp'

export interface GrayImage {
  data: Uint8Array
  width: number
  height: number
}

/**
 * Decodes any sharp-readable image to one channel, resized to `width`/`height`.
 * `luma` is ordinary grayscale. `value` is the brightest of R, G and B: black ink stays dark
 * while a red or blue security print behind it turns pale, which is what separating printed
 * text from a coloured background needs.
 */
export async function grayAt(
  input: Buffer | Sharp,
  opts: {
    width?: number
    height?: number
    fit?: 'inside' | 'fill'
    channel?: 'luma' | 'value'
  } = {},
): Promise<GrayImage> {
  const img = Buffer.isBuffer(input) ? sharp(input) : input.clone()
  const pipeline =
    opts.width === undefined && opts.height === undefined
      ? img
      : img.resize({
          ...(opts.width === undefined ? {} : { width: opts.width }),
          ...(opts.height === undefined ? {} : { height: opts.height }),
          fit: opts.fit ?? 'inside',
          kernel: 'lanczos3',
        })
  if (opts.channel === 'value') {
    const { data, info } = await pipeline
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true })
    const n = info.width * info.height
    const out = new Uint8Array(n)
    const ch = info.channels
    for (let i = 0, j = 0; i < n; i++, j += ch) {
      const r = data[j] ?? 0
      const g = ch >= 3 ? (data[j + 1] ?? 0) : r
      const b = ch >= 3 ? (data[j + 2] ?? 0) : r
      out[i] = r > g ? (r > b ? r : b) : g > b ? g : b
    }
    return { data: out, ...size(info) }
  }
  const { data, info } = await pipeline
    .rotate()
    .grayscale()
    .raw()
    .toBuffer({ resolveWithObject: true })
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), ...size(info) }
}

const size = (info: OutputInfo) => ({ width: info.width, height: info.height })

/**
 * Box mean over a (2r+1)² window by a summed-area table: the local background level that a
 * printed character is darker than, whatever the colour of the security print behind it.
 */
export function localMean(img: GrayImage, r: number): Float32Array {
  const { width: w, height: h, data } = img
  const sat = new Float64Array((w + 1) * (h + 1))
  for (let y = 0; y < h; y++) {
    let row = 0
    for (let x = 0; x < w; x++) {
      row += data[y * w + x] ?? 0
      sat[(y + 1) * (w + 1) + x + 1] = (sat[y * (w + 1) + x + 1] ?? 0) + row
    }
  }
  const out = new Float32Array(w * h)
  for (let y = 0; y < h; y++) {
    const y0 = Math.max(0, y - r)
    const y1 = Math.min(h, y + r + 1)
    for (let x = 0; x < w; x++) {
      const x0 = Math.max(0, x - r)
      const x1 = Math.min(w, x + r + 1)
      const sum =
        (sat[y1 * (w + 1) + x1] ?? 0) -
        (sat[y0 * (w + 1) + x1] ?? 0) -
        (sat[y1 * (w + 1) + x0] ?? 0) +
        (sat[y0 * (w + 1) + x0] ?? 0)
      out[y * w + x] = sum / ((x1 - x0) * (y1 - y0))
    }
  }
  return out
}

/**
 * Ink mask: a pixel is ink when it is clearly darker than its neighbourhood and dark in absolute
 * terms. MRZ text is printed black; the pale guilloche behind it fails the absolute test.
 */
export function inkMask(img: GrayImage, radius: number): Uint8Array {
  const mean = localMean(img, radius)
  const { data } = img
  const mask = new Uint8Array(data.length)
  const maxInk = darkLevel(img)
  for (let i = 0; i < data.length; i++) {
    const v = data[i] ?? 255
    mask[i] = v < (mean[i] ?? 0) - 12 && v < maxInk ? 1 : 0
  }
  return mask
}

/** The gray level below which a pixel counts as printed black: midway between ink and paper. */
function darkLevel(img: GrayImage): number {
  const hist = new Uint32Array(256)
  for (const v of img.data) hist[v] = (hist[v] ?? 0) + 1
  const n = img.data.length
  const pct = (p: number): number => {
    let acc = 0
    for (let v = 0; v < 256; v++) {
      acc += hist[v] ?? 0
      if (acc >= n * p) return v
    }
    return 255
  }
  // Paper is the bright majority, ink the darkest few percent.
  return Math.max(60, Math.min(200, (pct(0.02) + pct(0.6)) / 2))
}
