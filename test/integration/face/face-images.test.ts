/** Image handling end to end: sizes from 320 px to 4000 px, EXIF orientation, bad input. */
import sharp, { type Sharp } from 'sharp'
import { describe, expect, it } from 'vitest'
import { assessQuality } from '../../../electron/shared/face/quality.policy'
import { readShared } from '../../support/shared-data'
import { testEngine } from './engine-support'

const engine = testEngine()
const portrait = readShared('faces', 'df_A', 'df_A_img1.jpg') // 947×1280, one face

describe('image sizes', () => {
  it.each([320, 640, 1280, 4000])('finds the face with its landmarks at %s px', async (side) => {
    const img = await sharp(portrait)
      .resize(side, side, { fit: 'inside' })
      .jpeg({ quality: 90 })
      .toBuffer()
    const r = await engine.analyse(img, { liveness: false })
    expect(r.faces).toHaveLength(1)
    const meta = await sharp(img).metadata()
    expect(r.image).toEqual({ width: meta.width, height: meta.height })
    // The box scales with the image: about 44 % of the width in this photo.
    expect((r.face?.box.width ?? 0) / r.image.width).toBeGreaterThan(0.35)
    expect((r.face?.box.width ?? 0) / r.image.width).toBeLessThan(0.55)
  })

  it('gives the same identity at 320 px and at 4000 px', async () => {
    const small = await sharp(portrait).resize(320).jpeg().toBuffer()
    const big = await sharp(portrait).resize(4000).jpeg().toBuffer()
    const [a, b] = await Promise.all([engine.analyse(small), engine.analyse(big)])
    if (!a.embedding || !b.embedding) throw new Error('no embedding')
    expect(engine.similarity(a.embedding, b.embedding)).toBeGreaterThan(0.8)
  })

  it('flags a face too small to check: eyes under 60 px apart', async () => {
    const img = await sharp(portrait).resize(240).jpeg().toBuffer()
    const a = await engine.analyse(img)
    expect(a.metrics?.interEyePx).toBeLessThan(60)
    expect(assessQuality(a.metrics).issues.map((i) => i.code)).toContain('SELFIE_FACE_TOO_SMALL')
  })
})

describe('EXIF orientation', () => {
  it.each([
    [6, 270], // "rotate 90° clockwise to view": pixels stored turned 90° anticlockwise
    [3, 180],
    [8, 90],
  ])(
    'orientation %s: the face is found upright, same place and same identity',
    async (orientation, storedTurn) => {
      const upright = await engine.analyse(portrait, { liveness: false })
      // Store the pixels turned, and tag them so a viewer turns them back.
      const turned = await sharp(portrait)
        .rotate(storedTurn)
        .withMetadata({ orientation })
        .jpeg({ quality: 95 })
        .toBuffer()
      const r = await engine.analyse(turned, { liveness: false })
      expect(r.image).toEqual(upright.image)
      expect(r.faces).toHaveLength(1)
      expect(Math.abs((r.face?.box.x ?? 0) - (upright.face?.box.x ?? 0))).toBeLessThan(8)
      expect(Math.abs((r.face?.box.y ?? 0) - (upright.face?.box.y ?? 0))).toBeLessThan(8)
      if (!r.embedding || !upright.embedding) throw new Error('no embedding')
      expect(engine.similarity(r.embedding, upright.embedding)).toBeGreaterThan(0.95)
    },
  )
})

describe('quality gate on real pictures', () => {
  it('two people side by side: SELFIE_MULTIPLE_FACES', async () => {
    const a = await sharp(readShared('faces', 'fr_obama', 'fr_obama_1.jpg'))
      .rotate()
      .resize(480, 640, { fit: 'cover' })
      .toBuffer()
    const b = await sharp(readShared('faces', 'df_A', 'df_A_img1.jpg'))
      .resize(480, 640, { fit: 'cover' })
      .toBuffer()
    const pair = await sharp({
      create: { width: 960, height: 640, channels: 3, background: '#000' },
    })
      .composite([
        { input: a, left: 0, top: 0 },
        { input: b, left: 480, top: 0 },
      ])
      .jpeg()
      .toBuffer()
    const r = await engine.analyse(pair)
    expect(r.faces.length).toBe(2)
    expect(assessQuality(r.metrics).issues.map((i) => i.code)).toContain('SELFIE_MULTIPLE_FACES')
  })

  it.each([
    ['dark', (s: Sharp) => s.linear(0.25, 0), 'SELFIE_TOO_DARK'],
    ['blown out', (s: Sharp) => s.linear(2.2, 40), 'SELFIE_TOO_BRIGHT'],
    ['blurry', (s: Sharp) => s.blur(10), 'SELFIE_FACE_LANDMARK_ERR'],
  ])('a %s copy of a good selfie is refused with that reason', async (_n, alter, code) => {
    const good = await engine.analyse(portrait)
    expect(assessQuality(good.metrics).passed).toBe(true)
    const bad = await alter(sharp(portrait)).jpeg().toBuffer()
    const r = await engine.analyse(bad)
    expect(assessQuality(r.metrics).issues.map((i) => i.code)).toContain(code)
  })

  it('a picture with no face: SELFIE_FACE_NOT_FOUND, not an error', async () => {
    const blank = await sharp({
      create: { width: 800, height: 600, channels: 3, background: '#4060a0' },
    })
      .jpeg()
      .toBuffer()
    const r = await engine.analyse(blank)
    expect(r).toMatchObject({ faces: [], face: null, embedding: null, liveness: null })
    expect(assessQuality(r.metrics).issues.map((i) => i.code)).toEqual(['SELFIE_FACE_NOT_FOUND'])
  })
})

describe('bad input', () => {
  it('bytes that are not an image: bad_image, and the engine keeps working', async () => {
    await expect(engine.detect(Buffer.from('not an image at all'))).rejects.toMatchObject({
      code: 'bad_image',
    })
    const truncated = portrait.subarray(0, Math.floor(portrait.byteLength / 2))
    await expect(engine.detect(truncated)).rejects.toMatchObject({ code: 'bad_image' })
    expect((await engine.detect(portrait)).faces).toHaveLength(1)
  })
})
