/**
 * Pixels in, tensors out. sharp (libvips) decodes and resizes: it is fast, honours EXIF
 * orientation and refuses truncated files. The small per-face resampling (112×112 alignment, 80×80
 * liveness crops) is done here with OpenCV's bilinear conventions, because the models were trained
 * on crops made by cv2.warpAffine / cv2.resize and a different filter shifts their scores.
 */
import sharp from 'sharp'
import { MAX_PIXELS } from '../core/images/image-input'
import { AppError, errorText } from '../shared/contract/result'

/** Interleaved RGB, row-major, upright. */
export interface RgbImage {
  data: Uint8Array
  width: number
  height: number
}

/**
 * Working resolution cap. A face the quality gate accepts (eyes ≥ 60 px apart) in a 4096 px frame
 * is still ≥ 35 px apart at this size, the spacing of the 112×112 template, so nothing is lost.
 */
export const MAX_WORKING_SIDE = 4096

/**
 * Decodes to upright RGB. `scale` maps working pixels back to the original image's pixels
 * (1 unless the image was larger than MAX_WORKING_SIDE).
 */
export async function decodeRgb(bytes: Uint8Array): Promise<{ img: RgbImage; scale: number }> {
  const input = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  try {
    const meta = await sharp(input, { limitInputPixels: MAX_PIXELS }).metadata()
    const swap = (meta.orientation ?? 1) >= 5
    const w = (swap ? meta.height : meta.width) ?? 0
    const h = (swap ? meta.width : meta.height) ?? 0
    const long = Math.max(w, h)
    let pipeline = sharp(input, { limitInputPixels: MAX_PIXELS, failOn: 'truncated' })
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
    if (long > MAX_WORKING_SIDE) {
      pipeline = pipeline.resize(MAX_WORKING_SIDE, MAX_WORKING_SIDE, { fit: 'inside' })
    }
    const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true })
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`)
    return {
      img: { data, width: info.width, height: info.height },
      scale: long > MAX_WORKING_SIDE ? w / info.width : 1,
    }
  } catch (err) {
    const why = errorText(err).split('\n')[0] ?? ''
    throw new AppError(
      'bad_image',
      `the image cannot be decoded (${why.replace(/^Vips\w*: /, '')})`,
    )
  }
}

/** libvips initialises its JPEG codec on first use (~20 ms): pay that at start, not per customer. */
export async function warmUpDecoder(): Promise<void> {
  const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#000' } })
    .jpeg()
    .toBuffer()
  await decodeRgb(jpeg)
  await resizeRgb({ data: new Uint8Array(64 * 64 * 3), width: 64, height: 64 }, 32, 32)
}

/** Area-filtered resize (libvips), for the detector input. */
export async function resizeRgb(img: RgbImage, width: number, height: number): Promise<RgbImage> {
  if (width === img.width && height === img.height) return img
  const data = await sharp(img.data, {
    raw: { width: img.width, height: img.height, channels: 3 },
  })
    .resize(width, height, { fit: 'fill', kernel: 'linear' })
    .raw()
    .toBuffer()
  return { data, width, height }
}

/** How a model wants its pixels: channel order and per-channel (x − mean) / std. */
export interface TensorFormat {
  order: 'rgb' | 'bgr'
  mean: readonly [number, number, number]
  std: readonly [number, number, number]
}

export const RAW_BGR: TensorFormat = { order: 'bgr', mean: [0, 0, 0], std: [1, 1, 1] }

/**
 * Writes `img` into an NCHW float tensor of size tw×th (top-left aligned, the rest zero), as
 * YuNet's letterbox wants. `out` is reused between calls when the size does not change.
 */
export function toPaddedTensor(
  img: RgbImage,
  tw: number,
  th: number,
  fmt: TensorFormat,
  out?: Float32Array,
): Float32Array {
  const plane = tw * th
  const t = out !== undefined && out.length === plane * 3 ? out : new Float32Array(plane * 3)
  t.fill(0)
  const [c0, c1, c2] = fmt.order === 'rgb' ? [0, 1, 2] : [2, 1, 0]
  const { data, width, height } = img
  for (let y = 0; y < height; y++) {
    let s = y * width * 3
    let d = y * tw
    for (let x = 0; x < width; x++, s += 3, d++) {
      t[d] = ((data[s + c0] ?? 0) - fmt.mean[0]) / fmt.std[0]
      t[plane + d] = ((data[s + c1] ?? 0) - fmt.mean[1]) / fmt.std[1]
      t[2 * plane + d] = ((data[s + c2] ?? 0) - fmt.mean[2]) / fmt.std[2]
    }
  }
  return t
}

/**
 * Affine resampling, dst(x, y) = src(a·x + b·y + c, d·x + e·y + f), bilinear. `border` 'zero'
 * is cv2.warpAffine's BORDER_CONSTANT; 'replicate' clamps, as cv2.resize does at the edges.
 */
export function warpAffine(
  img: RgbImage,
  m: readonly [number, number, number, number, number, number],
  outW: number,
  outH: number,
  border: 'zero' | 'replicate',
): RgbImage {
  const out = new Uint8Array(outW * outH * 3)
  const { data, width: w, height: h } = img
  const [a, b, c, d, e, f] = m
  let o = 0
  for (let y = 0; y < outH; y++) {
    for (let x = 0; x < outW; x++, o += 3) {
      let sx = a * x + b * y + c
      let sy = d * x + e * y + f
      if (border === 'replicate') {
        sx = Math.min(Math.max(sx, 0), w - 1)
        sy = Math.min(Math.max(sy, 0), h - 1)
      } else if (sx <= -1 || sy <= -1 || sx >= w || sy >= h) {
        continue // stays 0
      }
      const x0 = Math.floor(sx)
      const y0 = Math.floor(sy)
      const fx = sx - x0
      const fy = sy - y0
      const xa = x0 < 0 ? -1 : x0
      const xb = x0 + 1 >= w ? -1 : x0 + 1
      const ya = y0 < 0 ? -1 : y0
      const yb = y0 + 1 >= h ? -1 : y0 + 1
      for (let ch = 0; ch < 3; ch++) {
        const p00 = xa >= 0 && ya >= 0 ? (data[(ya * w + xa) * 3 + ch] ?? 0) : 0
        const p10 = xb >= 0 && ya >= 0 ? (data[(ya * w + xb) * 3 + ch] ?? 0) : 0
        const p01 = xa >= 0 && yb >= 0 ? (data[(yb * w + xa) * 3 + ch] ?? 0) : 0
        const p11 = xb >= 0 && yb >= 0 ? (data[(yb * w + xb) * 3 + ch] ?? 0) : 0
        const top = p00 + (p10 - p00) * fx
        const bottom = p01 + (p11 - p01) * fx
        out[o + ch] = Math.round(top + (bottom - top) * fy)
      }
    }
  }
  return { data: out, width: outW, height: outH }
}

/** cv2.resize(INTER_LINEAR) of the inclusive pixel rectangle [x0..x1]×[y0..y1] to outW×outH. */
export function cropResize(
  img: RgbImage,
  rect: { x0: number; y0: number; x1: number; y1: number },
  outW: number,
  outH: number,
): RgbImage {
  const sx = (rect.x1 - rect.x0 + 1) / outW
  const sy = (rect.y1 - rect.y0 + 1) / outH
  // Half-pixel centres, as OpenCV: src = (dst + 0.5) · scale − 0.5, clamped inside the crop.
  const m = [sx, 0, rect.x0 + 0.5 * sx - 0.5, 0, sy, rect.y0 + 0.5 * sy - 0.5] as const
  return warpAffineClamped(img, m, outW, outH, rect)
}

function warpAffineClamped(
  img: RgbImage,
  m: readonly [number, number, number, number, number, number],
  outW: number,
  outH: number,
  rect: { x0: number; y0: number; x1: number; y1: number },
): RgbImage {
  const out = new Uint8Array(outW * outH * 3)
  const { data, width: w } = img
  let o = 0
  for (let y = 0; y < outH; y++) {
    const syRaw = m[4] * y + m[5]
    const sy = Math.min(Math.max(syRaw, rect.y0), rect.y1)
    const y0 = Math.floor(sy)
    const y1 = Math.min(y0 + 1, rect.y1)
    const fy = sy - y0
    for (let x = 0; x < outW; x++, o += 3) {
      const sx = Math.min(Math.max(m[0] * x + m[2], rect.x0), rect.x1)
      const x0 = Math.floor(sx)
      const x1 = Math.min(x0 + 1, rect.x1)
      const fx = sx - x0
      const r0 = (y0 * w + x0) * 3
      const r1 = (y0 * w + x1) * 3
      const r2 = (y1 * w + x0) * 3
      const r3 = (y1 * w + x1) * 3
      for (let ch = 0; ch < 3; ch++) {
        const top = (data[r0 + ch] ?? 0) + ((data[r1 + ch] ?? 0) - (data[r0 + ch] ?? 0)) * fx
        const bot = (data[r2 + ch] ?? 0) + ((data[r3 + ch] ?? 0) - (data[r2 + ch] ?? 0)) * fx
        out[o + ch] = Math.round(top + (bot - top) * fy)
      }
    }
  }
  return { data: out, width: outW, height: outH }
}

/** A small RGB image (a face crop) as an NCHW float tensor. */
export function cropToTensor(img: RgbImage, fmt: TensorFormat): Float32Array {
  return toPaddedTensor(img, img.width, img.height, fmt)
}
