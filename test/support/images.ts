/** Test images made on the fly with sharp: never committed, always real encoded files. */
import sharp from 'sharp'

export async function solidJpeg(
  width = 320,
  height = 240,
  rgb = { r: 120, g: 90, b: 60 },
): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: rgb } })
    .jpeg({ quality: 85 })
    .toBuffer()
}

export async function solidPng(width = 320, height = 240): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: 10, g: 200, b: 30 } } })
    .png()
    .toBuffer()
}

/** A JPEG cut short, as a half-written camera file or an interrupted copy leaves it. */
export function truncate(bytes: Buffer, keep = 0.6): Buffer {
  return bytes.subarray(0, Math.floor(bytes.byteLength * keep))
}
