/**
 * Every image entering the kiosk goes through here: decoded in full (a truncated or forged file is
 * refused, never stored), bounded in size, and normalised to an upright sRGB JPEG because the
 * backend accepts JPEG only. sharp (libvips) does the decoding: fast, streaming, and it honours
 * EXIF orientation, which hand-written decoders get wrong.
 */
import { createHash } from 'node:crypto'
import sharp, { type Metadata } from 'sharp'
import { AppError } from '../../shared/contract/result'

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
  await decodeFully(buf, label)

  const upright = meta.orientation === undefined || meta.orientation === 1
  const keepAsIs = format === 'jpeg' && upright && meta.space !== 'cmyk'
  const bytes = keepAsIs
    ? buf
    : await sharp(buf, { limitInputPixels: MAX_PIXELS })
        .rotate()
        .toColourspace('srgb')
        .jpeg({ quality: 92 })
        .toBuffer()
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

/** Decoding every pixel is the only reliable test for truncation; a tiny resize keeps it cheap. */
async function decodeFully(buf: Buffer, label: string): Promise<void> {
  try {
    await sharp(buf, { failOn: 'truncated', limitInputPixels: MAX_PIXELS })
      .resize(32, 32, { fit: 'inside' })
      .raw()
      .toBuffer()
  } catch (err) {
    const why = reason(err)
    const truncated = /premature end|truncated|unexpected end/i.test(why)
    throw new AppError(
      'bad_image',
      truncated
        ? `${label}: the image is truncated (incomplete file); capture or export it again`
        : `${label}: the image cannot be decoded (${why})`,
      { cause: err },
    )
  }
}

function reason(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err)
  return (
    text
      .split('\n')[0]
      ?.replace(/^Vips\w*: /, '')
      .trim() ?? text
  )
}
