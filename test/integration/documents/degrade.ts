/**
 * Degraded copies of a document image, made at run time with sharp, each imitating one way a real
 * capture goes wrong. Each is a real encoded JPEG, as a camera or scanner would hand it over.
 */
import sharp from 'sharp'

async function size(img: Buffer): Promise<{ width: number; height: number }> {
  const m = await sharp(img).metadata()
  return { width: m.width ?? 0, height: m.height ?? 0 }
}

/** Out of focus: a Gaussian blur of 0.4 % of the width (4 px on a 1000 px page). */
export async function blurred(img: Buffer): Promise<Buffer> {
  const { width } = await size(img)
  return sharp(img)
    .blur(Math.max(1.5, width / 250))
    .jpeg({ quality: 90 })
    .toBuffer()
}

/** A photocopy: every colour gone. */
export async function grayscale(img: Buffer): Promise<Buffer> {
  return sharp(img).grayscale().jpeg({ quality: 90 }).toBuffer()
}

/** Sent as a thumbnail: 300 px wide. */
export async function downscaled(img: Buffer): Promise<Buffer> {
  return sharp(img).resize({ width: 300 }).jpeg({ quality: 90 }).toBuffer()
}

/**
 * A lamp reflected in the laminate: a white spot whose core clips to pure white and whose halo
 * fades out over the same radius again, added to the picture (screen blend) where the document
 * has content (the centre of its left third, where the portrait usually is).
 */
export async function withGlare(img: Buffer, at = { x: 0.3, y: 0.45 }): Promise<Buffer> {
  const { width, height } = await size(img)
  const r = Math.round(Math.min(width, height) * 0.14)
  const cx = Math.round(width * at.x)
  const cy = Math.round(height * at.y)
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}">
    <defs><radialGradient id="g" cx="${cx}" cy="${cy}" r="${2 * r}" gradientUnits="userSpaceOnUse">
      <stop offset="0" stop-color="#fff" stop-opacity="1"/>
      <stop offset="0.5" stop-color="#fff" stop-opacity="1"/>
      <stop offset="1" stop-color="#fff" stop-opacity="0"/>
    </radialGradient></defs>
    <rect width="${width}" height="${height}" fill="url(#g)"/></svg>`
  return sharp(img)
    .composite([{ input: Buffer.from(svg), blend: 'screen' }])
    .jpeg({ quality: 90 })
    .toBuffer()
}

/**
 * A photo of the document on a screen: the display's sub-pixel grid beats against the camera's
 * sensor into moiré fringes — a fine periodic pattern, tilted, different per colour channel.
 * Period 5 px at 17°, modulation ±18 %, R/G/B shifted by a third of a period each.
 */
export async function withMoire(img: Buffer): Promise<Buffer> {
  const { data, info } = await sharp(img).removeAlpha().raw().toBuffer({ resolveWithObject: true })
  const { width, height, channels } = info
  const period = 5
  const theta = (17 * Math.PI) / 180
  const kx = (Math.cos(theta) * 2 * Math.PI) / period
  const ky = (Math.sin(theta) * 2 * Math.PI) / period
  const out = Buffer.alloc(data.length)
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const phase = kx * x + ky * y
      for (let c = 0; c < channels; c++) {
        const i = (y * width + x) * channels + c
        const m = 1 - 0.18 * (0.5 + 0.5 * Math.sin(phase + (c * 2 * Math.PI) / 3))
        out[i] = Math.round((data[i] ?? 0) * m)
      }
    }
  }
  return sharp(out, { raw: { width, height, channels } }).jpeg({ quality: 92 }).toBuffer()
}
