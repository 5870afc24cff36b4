/**
 * Every image entering the kiosk goes through here: decoded in full (a truncated or forged file is
 * refused, never stored), bounded in size, and normalised to an upright sRGB JPEG because the
 * backend accepts JPEG only. sharp (libvips) does the decoding: fast, streaming, and it honours
 * EXIF orientation, which hand-written decoders get wrong.
 */
import { createHash } from 'node:crypto'
import sharp, { type Metadata } from 'sharp'
import { AppError, errorText } from '../../shared/contract/result'

/** 50 MP covers a 600 dpi A4 scan; anything larger is a decompression bomb, not a document. */
export const MAX_PIXELS = 50_000_000
const ACCEPTED = new Set(['jpeg', 'png', 'webp', 'tiff'])

export interface NormalisedImage {
  bytes: Buffer
  mime: 'image/jpeg'
  width: number
  height: number
  sha256: string
}

export async function normaliseImage(input: Uint8Array, label: string): Promise<NormalisedImage> {
  if (input.byteLength === 0) throw new AppError('bad_image', `${label}: the file is empty`)
  const buf = Buffer.from(input.buffer, input.byteOffset, input.byteLength)
  const meta = await readMetadata(buf, label)
  const format = meta.format ?? 'unknown'
  if (!ACCEPTED.has(format)) {
    throw new AppError(
      'bad_image',
      `${label}: ${format.toUpperCase()} images are not accepted; use JPEG, PNG, WebP or TIFF`,
    )
  }
  const width = meta.width ?? 0
  const height = meta.height ?? 0
  if (width * height > MAX_PIXELS) {
    throw new AppError(
      'bad_image',
      `${label}: ${width}×${height} is too large (at most 50 megapixels)`,
    )
  }
  if (width < 32 || height < 32) {
    throw new AppError(
      'bad_image',
      `${label}: ${width}×${height} is too small to hold a face or a document`,
    )
  }
  const clean = await decodeFully(buf, format, label)

  const upright = meta.orientation === undefined || meta.orientation === 1
  // A JPEG the decoder had to forgive (junk before a marker …) is re-encoded: a stricter decoder
  // at the backend may refuse what libjpeg let pass (junk right after SOI fails a JPEG signature).
  const keepAsIs = format === 'jpeg' && upright && meta.space !== 'cmyk' && clean
  const bytes = keepAsIs ? buf : await toJpeg(buf, label)
  const swap = !upright && (meta.orientation ?? 1) >= 5
  return {
    bytes,
    mime: 'image/jpeg',
    width: swap ? height : width,
    height: swap ? width : height,
    sha256: createHash('sha256').update(bytes).digest('hex'),
  }
}

async function readMetadata(buf: Buffer, label: string): Promise<Metadata> {
  try {
    return await sharp(buf, { limitInputPixels: false }).metadata()
  } catch (err) {
    throw new AppError('bad_image', `${label}: not a readable image (${reason(err)})`, {
      cause: err,
    })
  }
}

/**
 * Decoding every pixel is the only reliable test for a damaged file; a tiny resize keeps it cheap.
 * Why it failed is read from the file's structure, not from libvips' message: with several decodes
 * in flight libvips sometimes reports a truncated file as "Unknown error". True when the file
 * decoded without a single warning.
 */
async function decodeFully(buf: Buffer, format: string, label: string): Promise<boolean> {
  try {
    await decode(buf, 'warning')
    return true
  } catch (err) {
    // libvips' "truncated" level misses a JPEG whose scan data stops early but that still ends with
    // an EOI marker ("premature end of data segment": the rest decodes as flat grey), e.g. a frame
    // header claiming 6000×6000 over 64×64 of data. That warning is a refusal; any other warning
    // (extraneous bytes, a known-bad colour profile) is common in real camera files and is let be.
    if (/premature end of data segment/i.test(reason(err))) {
      throw new AppError(
        'bad_image',
        `${label}: the image is truncated (incomplete file); capture or export it again`,
        { cause: err },
      )
    }
  }
  try {
    await decode(buf, 'truncated')
    return false
  } catch (err) {
    const why = reason(err)
    const truncated =
      /premature end|truncated|unexpected end/i.test(why) || lacksEndMarker(buf, format)
    throw new AppError(
      'bad_image',
      truncated
        ? `${label}: the image is truncated (incomplete file); capture or export it again`
        : `${label}: the image cannot be decoded (${/unknown error/i.test(why) ? 'damaged image data' : why})`,
      { cause: err },
    )
  }
}

/** Scanned from the end: writers may pad, and some cameras append data after the image. */
const END_SCAN_BYTES = 64 * 1024
const JPEG_EOI = Buffer.from([0xff, 0xd9])
const PNG_IEND = Buffer.from('IEND', 'latin1')

/** A JPEG without its end-of-image marker, or a PNG without its IEND chunk, was cut short. */
export function lacksEndMarker(buf: Buffer, format: string): boolean {
  const tail = buf.subarray(Math.max(0, buf.byteLength - END_SCAN_BYTES))
  if (format === 'jpeg') return !tail.includes(JPEG_EOI)
  if (format === 'png') return !tail.includes(PNG_IEND)
  return false
}

/**
 * Re-encodes as an upright sRGB JPEG, as leniently as the decode check was (sharp's default fails
 * on any warning). A file that passed the check and still fails here is refused like any other
 * undecodable image, never answered as an internal error (a damaged LZW TIFF did that).
 */
async function toJpeg(buf: Buffer, label: string): Promise<Buffer> {
  try {
    return await sharp(buf, { failOn: 'truncated', limitInputPixels: MAX_PIXELS })
      .rotate()
      .toColourspace('srgb')
      .jpeg({ quality: 92 })
      .toBuffer()
  } catch (err) {
    throw new AppError('bad_image', `${label}: the image cannot be decoded (${reason(err)})`, {
      cause: err,
    })
  }
}

function decode(buf: Buffer, failOn: 'warning' | 'truncated'): Promise<Buffer> {
  return sharp(buf, { failOn, limitInputPixels: MAX_PIXELS })
    .resize(32, 32, { fit: 'inside' })
    .raw()
    .toBuffer()
}

function reason(err: unknown): string {
  const text = errorText(err)
  return (
    text
      .split('\n')[0]
      ?.replace(/^Vips\w*: /, '')
      .trim() ?? text
  )
}
