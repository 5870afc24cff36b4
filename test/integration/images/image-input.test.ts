import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { normaliseImage } from '../../../electron/core/images/image-input'
import { solidJpeg, solidPng, truncate } from '../../support/images'

describe('normaliseImage', () => {
  it('names a truncated JPEG as truncated even with many decodes in flight', async () => {
    // libvips alone reports some of these as "Unknown error" under concurrency.
    const cut = truncate(await solidJpeg(640, 480))
    const results = await Promise.allSettled(
      Array.from({ length: 64 }, () => normaliseImage(cut, 'frame')),
    )
    for (const r of results) {
      expect(r.status).toBe('rejected')
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        code: 'bad_image',
        message: 'frame: the image is truncated (incomplete file); capture or export it again',
      })
    }
  })

  it('names a truncated PNG as truncated', async () => {
    const cut = truncate(await solidPng(640, 480), 0.5)
    await expect(normaliseImage(cut, 'scan')).rejects.toThrow('scan: the image is truncated')
  })

  it('accepts a whole JPEG with data appended after its end marker, unchanged', async () => {
    const jpeg = await solidJpeg(320, 240)
    const withTrailer = Buffer.concat([jpeg, Buffer.from('trailing maker data')])
    const out = await normaliseImage(withTrailer, 'selfie')
    expect(out).toMatchObject({ mime: 'image/jpeg', width: 320, height: 240 })
  })

  it('turns an EXIF-rotated photo upright and reports its upright size', async () => {
    const rotated = await sharp({
      create: { width: 400, height: 300, channels: 3, background: '#804020' },
    })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer()
    const out = await normaliseImage(rotated, 'selfie')
    expect(out).toMatchObject({ width: 300, height: 400 })
    expect((await sharp(out.bytes).metadata()).orientation ?? 1).toBe(1)
  })
})
