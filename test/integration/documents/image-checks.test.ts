/**
 * Done-when: degraded copies made here with sharp (Gaussian blur, a glare spot, grayscale,
 * downscaled to 300 px, a screen-moiré overlay) each raise the matching warning, and the originals
 * raise none. The originals are the eight specimens big enough to judge; the ninth (a 282 px
 * Swiss ID back) is itself too small and must say so.
 */
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { measureImage } from '../../../electron/core/documents/image-features'
import { imageWarnings } from '../../../electron/shared/documents/image-checks.policy'
import type { WarningCode } from '../../../electron/shared/documents/document-warnings'
import { readShared } from '../../support/shared-data'
import { blurred, downscaled, grayscale, withGlare, withMoire } from './degrade'

const ORIGINALS = [
  'pe_passport-td3.jpg',
  'pe_passport-td2.jpg',
  'pe_100_pass-uto.jpg',
  'pe_100_pass2-uto.jpg',
  'pe_100_pass-bdr.jpg',
  'pe_100_pass-hrv.jpg',
  'pe_100_pass-chn.jpg',
  'pe_100_pass-ltu.jpg',
]
/**
 * Photographed or scanned documents, whose paper is not clipped to pure white. On the four ICAO
 * renderings (pure #fff paper) a glare spot merges with the white page; see the report.
 */
const PHOTOGRAPHED = [
  'pe_100_pass-bdr.jpg',
  'pe_100_pass-hrv.jpg',
  'pe_100_pass-chn.jpg',
  'pe_100_pass-ltu.jpg',
]
const QUALITY: WarningCode[] = [
  'IMAGE_TOO_SMALL',
  'IMAGE_TOO_BLURRY',
  'GLARE_DETECTED',
  'BLACK_WHITE_DOCUMENT',
  'SCREEN_DETECTED',
  'PHYSICAL_DOCUMENT_MISSING',
]

async function codes(image: Buffer): Promise<WarningCode[]> {
  const m = await measureImage(image, 'test image')
  return imageWarnings(m.features, 'front')
    .map((w) => w.code)
    .filter((c) => QUALITY.includes(c))
}

describe('document image checks on real specimens', () => {
  it.each(ORIGINALS)('the original %s raises no image-quality warning', async (file) => {
    expect(await codes(readShared('mrz', file))).toEqual([])
  })

  it.each(ORIGINALS)('%s blurred raises IMAGE_TOO_BLURRY only', async (file) => {
    expect(await codes(await blurred(readShared('mrz', file)))).toEqual(['IMAGE_TOO_BLURRY'])
  })

  it.each(ORIGINALS)('%s in grayscale raises BLACK_WHITE_DOCUMENT only', async (file) => {
    expect(await codes(await grayscale(readShared('mrz', file)))).toEqual(['BLACK_WHITE_DOCUMENT'])
  })

  it.each(ORIGINALS)('%s downscaled to 300 px raises IMAGE_TOO_SMALL only', async (file) => {
    expect(await codes(await downscaled(readShared('mrz', file)))).toEqual(['IMAGE_TOO_SMALL'])
  })

  it.each(ORIGINALS)('%s with screen moiré raises SCREEN_DETECTED only', async (file) => {
    expect(await codes(await withMoire(readShared('mrz', file)))).toEqual(['SCREEN_DETECTED'])
  })

  it.each(PHOTOGRAPHED)(
    '%s with a glare spot on the portrait raises GLARE_DETECTED only',
    async (file) => {
      expect(await codes(await withGlare(readShared('mrz', file)))).toEqual(['GLARE_DETECTED'])
    },
  )

  it('the 282 px Swiss ID back is itself too small', async () => {
    expect(await codes(readShared('mrz', 'pe_100_id-che.jpg'))).toEqual(['IMAGE_TOO_SMALL'])
  })

  it('a face photo is no document', async () => {
    expect(await codes(readShared('faces', 'fr_obama', 'fr_obama_1.jpg'))).toEqual([
      'PHYSICAL_DOCUMENT_MISSING',
    ])
  })

  it('a plain colour image is no document', async () => {
    const plain = await sharp({
      create: { width: 1200, height: 800, channels: 3, background: { r: 160, g: 120, b: 80 } },
    })
      .jpeg()
      .toBuffer()
    expect(await codes(plain)).toContain('PHYSICAL_DOCUMENT_MISSING')
  })
})

describe('IMAGE_EDITED from EXIF', () => {
  const software = async (name: string) => {
    const img = await sharp(readShared('mrz', 'pe_100_pass-bdr.jpg'))
      .withExif({ IFD0: { Software: name } })
      .jpeg()
      .toBuffer()
    return imageWarnings((await measureImage(img, 'front image')).features, 'front').filter(
      (w) => w.code === 'IMAGE_EDITED',
    )
  }

  it('names the editor', async () => {
    const [w] = await software('GIMP 2.10.34')
    expect(w).toMatchObject({
      severity: 'Medium',
      description:
        'The front document image contains exif header indicating that it was edited in GIMP 2.10.34',
    })
  })

  it('ignores camera firmware', async () => {
    expect(await software('Canon EOS R5 Firmware Version 1.8.1')).toEqual([])
  })

  it('flags the specimens that were saved by Photoshop or Paint.NET', async () => {
    for (const file of ['pe_100_pass-chn.jpg', 'pe_passport-td3.jpg']) {
      const m = await measureImage(readShared('mrz', file), file)
      expect(m.features.editedWith, file).toMatch(/Photoshop|Paint\.NET/)
    }
  })
})

describe('pixel ceiling', () => {
  it('refuses an image over 50 megapixels before decoding it (a PNG cannot shrink on load)', async () => {
    const bomb = await sharp({
      create: { width: 8000, height: 6500, channels: 3, background: '#fff' },
    })
      .png({ compressionLevel: 1 })
      .toBuffer()
    await expect(measureImage(bomb, 'front image')).rejects.toMatchObject({
      code: 'bad_image',
      message: 'front image: 8000×6500 is too large (at most 50 megapixels)',
    })
  })
})
