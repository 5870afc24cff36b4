import { describe, expect, it } from 'vitest'
import {
  aboveConfidence,
  belowConfidence,
  editorIn,
  imageWarnings,
  type ImageFeatures,
} from '../../../electron/shared/documents/image-checks.policy'
import type { WarningCode } from '../../../electron/shared/documents/document-warnings'

const good: ImageFeatures = {
  width: 1334,
  height: 880,
  sharpness: 4000,
  contrast: 60,
  colourfulness: 16,
  grayscaleFile: false,
  glare: [],
  screenPeak: 14,
  textLines: 30,
  mrzFound: true,
  editedWith: null,
}
const codes = (f: Partial<ImageFeatures>) =>
  imageWarnings({ ...good, ...f }, 'front').map((w) => w.code)
const spot = { area: 0.046, roundness: 0.95, halo: 20 }

describe('document image checks', () => {
  const cases: [string, Partial<ImageFeatures>, WarningCode[]][] = [
    ['a good capture', {}, []],
    ['300 px wide', { width: 300, height: 211 }, ['IMAGE_TOO_SMALL']],
    ['a thin strip', { width: 1200, height: 200 }, ['IMAGE_TOO_SMALL']],
    ['exactly the minimum', { width: 480, height: 300 }, []],
    ['blurred', { sharpness: 5 }, ['IMAGE_TOO_BLURRY']],
    ['at the sharpness floor', { sharpness: 60 }, []],
    ['a round clipped spot with a halo', { glare: [spot] }, ['GLARE_DETECTED']],
    ['white paper (large, irregular)', { glare: [{ area: 0.5, roundness: 0.32, halo: 190 }] }, []],
    ['a round white spot without halo', { glare: [{ ...spot, halo: 1 }] }, []],
    ['a tiny spot', { glare: [{ ...spot, area: 0.001 }] }, []],
    ['a grayscale copy', { colourfulness: 0 }, ['BLACK_WHITE_DOCUMENT']],
    ['a one-channel file', { grayscaleFile: true }, ['BLACK_WHITE_DOCUMENT']],
    ['colour moiré', { screenPeak: 4300 }, ['SCREEN_DETECTED']],
    ['no text and no MRZ', { textLines: 1, mrzFound: false }, ['PHYSICAL_DOCUMENT_MISSING']],
    ['an ID front without MRZ but with text', { mrzFound: false, textLines: 12 }, []],
    [
      'blurred and textless: blur only',
      { sharpness: 5, textLines: 0, mrzFound: false },
      ['IMAGE_TOO_BLURRY'],
    ],
    [
      'an empty, flat picture',
      { sharpness: 0, contrast: 2, textLines: 0, mrzFound: false },
      ['PHYSICAL_DOCUMENT_MISSING'],
    ],
    ['saved by Photoshop', { editedWith: 'Adobe Photoshop CS4 Windows' }, ['IMAGE_EDITED']],
  ]
  it.each(cases)('%s', (_name, f, expected) => {
    expect(codes(f)).toEqual(expected)
  })

  it('fills the seed description and severity', () => {
    const [w] = imageWarnings({ ...good, editedWith: 'GIMP 2.10.34' }, 'back')
    expect(w).toMatchObject({
      code: 'IMAGE_EDITED',
      severity: 'Medium',
      side: 'back',
      description:
        'The back document image contains exif header indicating that it was edited in GIMP 2.10.34',
    })
  })

  it.each([
    [60, 60, 0.5],
    [30, 60, 1],
    [45, 60, 0.75],
    [0, 60, 1],
  ])('confidence for %f below a minimum of %f is %f', (v, min, c) => {
    expect(belowConfidence(v, min)).toBeCloseTo(c)
  })

  it.each([
    [400, 400, 0.5],
    [800, 400, 1],
    [600, 400, 0.75],
  ])('confidence for %f above a maximum of %f is %f', (v, max, c) => {
    expect(aboveConfidence(v, max)).toBeCloseTo(c)
  })

  it.each([
    ['Adobe Photoshop CS4 Windows', true],
    ['Paint.NET v3.5.10', true],
    ['GIMP 2.10.34', true],
    ['Canon EOS 5D firmware Ver.1.1.1', false],
    ['iOS 17.1', false],
    ['HDR+ 1.0.522486999zd', false],
    [null, false],
  ])('EXIF Software %s means edited: %s', (software, edited) => {
    expect(editorIn(software) !== null).toBe(edited)
  })
})
