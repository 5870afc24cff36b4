/**
 * When the camera may take the document photo by itself, and what to tell the customer until
 * then. Starting points are the anchors' desktop-webcam values (Smile web on desktop): document
 * fills 70–98 % of the frame, Laplacian sharpness ≥ 60, glare ≤ 18 % of the document's pixels
 * above 240, three good frames in a row, frames sampled every 350 ms, and a manual button after
 * 20 s. Pure: the component feeds measurements and the clock, the policy answers.
 */
import type { Outline } from './document-outline'

export const CAPTURE_THRESHOLDS = {
  minFill: 0.7,
  maxFill: 0.98,
  minSharpness: 60,
  maxGlare: 0.18,
  /** Mean luma below this is too dark to read (Smile Android: luminance ≥ 35). */
  minBrightness: 35,
  /** Card (1.586) to passport page (1.42), with slack for perspective. */
  minAspect: 1.25,
  maxAspect: 1.85,
  stableFrames: 3,
  manualAfterMs: 20_000,
  sampleEveryMs: 350,
} as const

export type CaptureThresholds = { -readonly [K in keyof typeof CAPTURE_THRESHOLDS]: number }

export interface FrameMeasure {
  outline: Outline | null
  /** Laplacian variance inside the outline. */
  sharpness: number
  /** Share of the outline's pixels above 240. */
  glare: number
  /** Mean luma inside the outline (whole frame when none). */
  brightness: number
}

export const HINTS = [
  'no_document',
  'too_dark',
  'move_closer',
  'move_back',
  'glare',
  'too_blurry',
  'hold_still',
  'ready',
] as const
export type Hint = (typeof HINTS)[number]

/** What is wrong with one frame, most basic problem first; 'ready' when nothing is. */
export function frameHint(m: FrameMeasure, t: CaptureThresholds = CAPTURE_THRESHOLDS): Hint {
  if (m.brightness < t.minBrightness) return 'too_dark'
  const o = m.outline
  if (o === null || o.aspect < t.minAspect || o.aspect > t.maxAspect) return 'no_document'
  if (o.fill < t.minFill) return 'move_closer'
  if (o.fill > t.maxFill) return 'move_back'
  if (m.glare > t.maxGlare) return 'glare'
  if (m.sharpness < t.minSharpness) return 'too_blurry'
  return 'ready'
}

export interface Readiness {
  /** Good frames in a row so far. */
  stable: number
  /** When this side's capture started (ms, the component's clock). */
  startedAt: number
}

export interface ReadinessStep {
  state: Readiness
  hint: Hint
  /** Take the photo now. */
  capture: boolean
  /** Show the manual capture button. */
  manualAllowed: boolean
}

export const startReadiness = (now: number): Readiness => ({ stable: 0, startedAt: now })

export function nextReadiness(
  state: Readiness,
  m: FrameMeasure,
  now: number,
  t: CaptureThresholds = CAPTURE_THRESHOLDS,
): ReadinessStep {
  const hint = frameHint(m, t)
  const stable = hint === 'ready' ? state.stable + 1 : 0
  const capture = stable >= t.stableFrames
  return {
    state: { ...state, stable },
    hint: hint === 'ready' && !capture ? 'hold_still' : hint,
    capture,
    manualAllowed: now - state.startedAt >= t.manualAfterMs,
  }
}
