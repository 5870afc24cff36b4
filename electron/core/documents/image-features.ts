/**
 * Measures one document image for the checks. sharp decodes once to an RGB working copy of at
 * most 1000 px (sharpness, colour, glare, text, MRZ location all come from it) plus one
 * native-resolution centre block for the screen test, which resampling would destroy.
 */
import exifReader from 'exif-reader'
import sharp, { type Metadata, type Sharp } from 'sharp'
import { AppError, errorText } from '../../shared/contract/result'
import { MAX_PIXELS } from '../images/image-input'
import { editorIn, type ImageFeatures } from '../../shared/documents/image-checks.policy'
import {
  colourfulness,
  contrast,
  glareSpots,
  laplacianVariance,
  luma,
  screenPeak,
  textLines,
} from '../../shared/documents/image-measures'
import type { GrayImage } from './gray-image'
import { findMrz, searchInk, SEARCH_WIDTH, type MrzZone } from './mrz-reader'

const WORK = 1000

export interface MeasuredImage {
  features: ImageFeatures
  /** The MRZ zone found while measuring (reused by the reader), or null. */
  zone: MrzZone | null
}

export async function measureImage(bytes: Uint8Array, label: string): Promise<MeasuredImage> {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  let meta: Metadata
  try {
    meta = await sharp(buf).metadata()
  } catch (err) {
    throw new AppError('bad_image', `${label}: not a readable image (${firstLine(err)})`)
  }
  const swap = (meta.orientation ?? 1) >= 5
  const width = (swap ? meta.height : meta.width) ?? 0
  const height = (swap ? meta.width : meta.height) ?? 0
  if (width < 32 || height < 32) {
    throw new AppError('bad_image', `${label}: ${width}×${height} is too small to hold a document`)
  }
  // The kiosk's one pixel ceiling (documents:read takes bytes straight from a page): a PNG has no
  // shrink-on-load, so a larger one would be decoded whole before the 1000 px working copy exists.
  if (width * height > MAX_PIXELS) {
    throw new AppError(
      'bad_image',
      `${label}: ${width}×${height} is too large (at most 50 megapixels)`,
    )
  }
  // The native-resolution block decodes on sharp's threads while the measures below run here.
  const blockPending = centreBlock(buf, width, height, label)
  blockPending.catch(() => undefined)
  const work = await decode(
    sharp(buf)
      .rotate()
      .resize({ width: WORK, height: WORK, fit: 'inside', withoutEnlargement: true }),
    label,
  )
  const gray = luma(work)
  // A small image is enlarged for the text/MRZ search on sharp's threads meanwhile.
  const searchPending: Promise<GrayImage> =
    work.width === SEARCH_WIDTH
      ? Promise.resolve({ data: gray, width: work.width, height: work.height })
      : enlarge(gray, work.width, work.height)
  searchPending.catch(() => undefined)
  const sharpness = laplacianVariance(gray, work.width, work.height)
  const spread = contrast(gray)
  const colour = colourfulness(work)
  const glare = glareSpots(...half(gray, work.width, work.height))
  const search = await searchPending
  const ink = searchInk(search)
  const zone = findMrz(search, width, height, ink)
  const lines = textLines(ink, search.width, search.height)
  const block = await blockPending
  return {
    features: {
      width,
      height,
      sharpness,
      contrast: spread,
      colourfulness: colour,
      grayscaleFile: (meta.channels ?? 3) < 3 || meta.space === 'b-w',
      glare,
      screenPeak: block === null ? 0 : screenPeak(block.raster, block.n),
      textLines: lines,
      mrzFound: zone !== null,
      editedWith: editedWith(meta.exif),
    },
    zone,
  }
}

async function decode(pipeline: Sharp, label: string) {
  try {
    const { data, info } = await pipeline
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true })
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: info.channels,
    }
  } catch (err) {
    throw new AppError('bad_image', `${label}: the image cannot be decoded (${firstLine(err)})`)
  }
}

/** The text and MRZ search works at a fixed width; a small image is enlarged for it. */
async function enlarge(gray: Uint8Array, w: number, h: number): Promise<GrayImage> {
  const { data, info } = await sharp(gray, { raw: { width: w, height: h, channels: 1 } })
    .resize({ width: SEARCH_WIDTH, kernel: 'lanczos3' })
    .extractChannel(0)
    .raw()
    .toBuffer({ resolveWithObject: true })
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  }
}

/** The largest power-of-two square (128–256 px) at the centre, at native resolution. */
async function centreBlock(buf: Buffer, width: number, height: number, label: string) {
  const side = Math.min(width, height)
  const n = side >= 256 ? 256 : side >= 128 ? 128 : 0
  if (n === 0) return null
  const raster = await decode(
    sharp(buf)
      .rotate()
      .extract({
        left: Math.floor((width - n) / 2),
        top: Math.floor((height - n) / 2),
        width: n,
        height: n,
      }),
    label,
  )
  return { raster, n }
}

/**
 * Halves a gray image (2×2 means) for the glare search: spots cover percent of the picture, and
 * labelling a quarter of the pixels keeps large white pages cheap.
 */
function half(gray: Uint8Array, w: number, h: number): [Uint8Array, number, number] {
  const hw = w >> 1
  const hh = h >> 1
  const out = new Uint8Array(hw * hh)
  for (let y = 0; y < hh; y++) {
    for (let x = 0; x < hw; x++) {
      const i = 2 * y * w + 2 * x
      out[y * hw + x] = (gray[i]! + gray[i + 1]! + gray[i + w]! + gray[i + w + 1]! + 2) >> 2
    }
  }
  return [out, hw, hh]
}

function editedWith(exif: Buffer | undefined): string | null {
  if (exif === undefined) return null
  try {
    const tags = exifReader(exif)
    return editorIn(tags.Image?.Software ?? tags.Image?.ProcessingSoftware ?? null)
  } catch {
    // A damaged EXIF block says nothing about editing; the image itself decoded fine.
    return null
  }
}

function firstLine(err: unknown): string {
  const text = errorText(err)
  return text.split('\n')[0]?.trim() ?? text
}
