/**
 * From measured image features to warnings: one pure function, thresholds in one table.
 * Confidence for measured findings: 0.5 exactly at the threshold, rising linearly to 1 when the
 * value is twice as far past it (half the minimum, or double the maximum) — "how sure" grows with
 * "how far past the line".
 */
import { type DocumentSide, type DocumentWarning, warning, clamp01 } from './document-warnings'
import type { GlareSpot } from './image-measures'

export interface ImageFeatures {
  width: number
  height: number
  /** Laplacian variance at ≤ 1000 px (image-measures.laplacianVariance). */
  sharpness: number
  /** Standard deviation of luma: near 0 for an empty, flat picture. */
  contrast: number
  colourfulness: number
  /** Whether the file itself has one channel (a grayscale scan): no colour to judge. */
  grayscaleFile: boolean
  glare: GlareSpot[]
  /** image-measures.screenPeak on the centre block at native resolution. */
  screenPeak: number
  /** Printed text lines found (image-measures.textLines). */
  textLines: number
  /** An MRZ was located on this image. */
  mrzFound: boolean
  /** EXIF Software tag naming an image editor, if any. */
  editedWith: string | null
}

export const IMAGE_THRESHOLDS = {
  /**
   * ICAO 9303 asks for about 150 dpi on the MRZ; 480 px across an 85.6 mm ID-1 card is 142 dpi.
   * The shorter side catches strips and thumbnails.
   */
  minLongSide: 480,
  minShortSide: 300,
  /** The anchors' desktop-webcam floor (Smile web: Laplacian variance 60). */
  minSharpness: 60,
  /** Any colour print scores well above 10; a grayscale copy scores ~0, a colour scan of one < 4. */
  minColourfulness: 6,
  glare: { minArea: 0.005, minRoundness: 0.45, minHalo: 5 },
  /** Originals peak below 150 in the colour-opponent spectrum, screen moiré far above 1000. */
  maxScreenPeak: 400,
  /** A passport page or ID card shows ten or more printed lines; a face or a wall almost none. */
  minTextLines: 6,
  /** Below this luma spread the picture is empty (a wall, a lens cap), not merely soft. */
  minContrast: 8,
} as const

export type ImageThresholds = typeof IMAGE_THRESHOLDS

/** 0.5 at the threshold, 1 at twice the distance: for "value must be at least min". */
export const belowConfidence = (value: number, min: number): number =>
  clamp01(0.5 + (1 - value / min))
/** For "value must be at most max". */
export const aboveConfidence = (value: number, max: number): number =>
  clamp01(0.5 + 0.5 * (value / max - 1))

export function imageWarnings(
  f: ImageFeatures,
  side: DocumentSide,
  t: ImageThresholds = IMAGE_THRESHOLDS,
): DocumentWarning[] {
  const out: DocumentWarning[] = []
  const long = Math.max(f.width, f.height)
  const short = Math.min(f.width, f.height)
  const small = long < t.minLongSide || short < t.minShortSide
  if (small) {
    const ratio = Math.min(long / t.minLongSide, short / t.minShortSide)
    out.push(
      warning('IMAGE_TOO_SMALL', {
        side,
        confidence: belowConfidence(ratio, 1),
        measured: {
          width: f.width,
          height: f.height,
          minLongSide: t.minLongSide,
          minShortSide: t.minShortSide,
        },
      }),
    )
  }
  // An empty picture has no edges either; calling it blurred would send staff the wrong way.
  const empty = f.contrast < t.minContrast
  const blurry = !empty && f.sharpness < t.minSharpness
  if (blurry) {
    out.push(
      warning('IMAGE_TOO_BLURRY', {
        side,
        confidence: belowConfidence(f.sharpness, t.minSharpness),
        measured: { sharpness: round(f.sharpness), minSharpness: t.minSharpness },
      }),
    )
  }
  const glare = f.glare.filter(
    (g) =>
      g.area >= t.glare.minArea && g.roundness >= t.glare.minRoundness && g.halo >= t.glare.minHalo,
  )
  if (glare.length > 0) {
    const area = glare.reduce((a, g) => a + g.area, 0)
    out.push(
      warning('GLARE_DETECTED', {
        side,
        confidence: aboveConfidence(area, t.glare.minArea),
        measured: { spots: glare.length, area: round(area, 4), minArea: t.glare.minArea },
      }),
    )
  }
  if (f.grayscaleFile || f.colourfulness < t.minColourfulness) {
    out.push(
      warning('BLACK_WHITE_DOCUMENT', {
        side,
        measured: { colourfulness: round(f.colourfulness), minColourfulness: t.minColourfulness },
      }),
    )
  }
  if (f.screenPeak > t.maxScreenPeak) {
    out.push(
      warning('SCREEN_DETECTED', {
        side,
        confidence: aboveConfidence(f.screenPeak, t.maxScreenPeak),
        measured: { screenPeak: round(f.screenPeak), maxScreenPeak: t.maxScreenPeak },
      }),
    )
  }
  // Presence needs legible detail: on a tiny or defocused image the text cannot be seen either,
  // and the size or blur warning already says what to do.
  if (empty || (!small && !blurry && !f.mrzFound && f.textLines < t.minTextLines)) {
    out.push(
      warning('PHYSICAL_DOCUMENT_MISSING', {
        side,
        measured: {
          textLines: f.textLines,
          minTextLines: t.minTextLines,
          contrast: round(f.contrast),
          mrz: f.mrzFound ? 'found' : 'not found',
        },
      }),
    )
  }
  if (f.editedWith !== null) {
    out.push(
      warning('IMAGE_EDITED', {
        side,
        confidence: 0.9,
        args: [side, f.editedWith],
        measured: { software: f.editedWith },
      }),
    )
  }
  return out
}

const round = (v: number, digits = 1): number => {
  const k = 10 ** digits
  return Math.round(v * k) / k
}

/**
 * Image editors whose name in EXIF Software means the file was saved by an editor, not by the
 * camera or scanner. Camera firmware and phone OSes also write Software ("Ver.1.01", "iOS 17"),
 * so only editors count.
 */
const EDITORS = [
  /photoshop/i,
  /lightroom/i,
  /\bgimp\b/i,
  /paint\.net/i,
  /pixelmator/i,
  /affinity photo/i,
  /snapseed/i,
  /picsart/i,
  /photopea/i,
  /corel/i,
  /paint shop/i,
  /\bkrita\b/i,
  /fotor/i,
  /canva/i,
  /facetune/i,
]

export function editorIn(software: string | undefined | null): string | null {
  if (software === undefined || software === null) return null
  const s = software.trim()
  return EDITORS.some((r) => r.test(s)) ? s.slice(0, 80) : null
}
