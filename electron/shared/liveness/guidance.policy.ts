/**
 * Live guidance: one hint per frame for the person in front of the camera, and auto-capture once
 * the picture has been good for long enough. Pure; thresholds follow the Smile ID SDK anchors
 * (anchors-features.md §B: face fill 10–30 %, max yaw 15°, luminance ≥ 50).
 */
import { boxCentre, prominentFaces, type FrameObservation } from './observation'

export const GUIDANCE_HINTS = [
  'no_face',
  'one_person',
  'move_closer',
  'move_back',
  'centre_face',
  'more_light',
  'less_light',
  'look_straight',
  'hold_still',
  'ok',
] as const
export type GuidanceHint = (typeof GUIDANCE_HINTS)[number]

export interface GuidanceConfig {
  /** Faces at least this share of the largest one's width count as another person. */
  otherPersonShare: number
  /** Face box area as a share of the frame. */
  minFill: number
  maxFill: number
  /** Largest distance of the face centre from the frame centre (share of width / height). */
  maxOffsetX: number
  maxOffsetY: number
  minBrightness: number
  maxBrightness: number
  maxYawDeg: number
  maxPitchDeg: number
  /** Face centre speed (frame widths per second) above which the person is "moving". */
  maxSpeed: number
  /** How long every check must hold before auto-capture. */
  holdMs: number
}

export const GUIDANCE_DEFAULTS: GuidanceConfig = {
  otherPersonShare: 0.5,
  minFill: 0.06,
  maxFill: 0.35,
  maxOffsetX: 0.16,
  maxOffsetY: 0.2,
  minBrightness: 50,
  maxBrightness: 235,
  maxYawDeg: 15,
  maxPitchDeg: 25,
  maxSpeed: 0.25,
  holdMs: 1000,
}

/** The most useful single hint for this frame; `prev` (the previous frame) tells movement. */
export function guidanceHint(
  frame: FrameObservation,
  prev: FrameObservation | undefined,
  cfg: GuidanceConfig = GUIDANCE_DEFAULTS,
): GuidanceHint {
  const face = frame.faces[0]
  if (face === undefined) return 'no_face'
  if (prominentFaces(frame.faces, cfg.otherPersonShare).length > 1) return 'one_person'
  const fill = face.box.width * face.box.height
  if (fill < cfg.minFill) return 'move_closer'
  if (fill > cfg.maxFill) return 'move_back'
  const c = boxCentre(face.box)
  if (Math.abs(c.x - 0.5) > cfg.maxOffsetX || Math.abs(c.y - 0.5) > cfg.maxOffsetY) {
    return 'centre_face'
  }
  if (frame.brightness < cfg.minBrightness) return 'more_light'
  if (frame.brightness > cfg.maxBrightness) return 'less_light'
  if (Math.abs(face.yawDeg) > cfg.maxYawDeg || Math.abs(face.pitchDeg) > cfg.maxPitchDeg) {
    return 'look_straight'
  }
  const before = prev?.faces[0]
  if (before !== undefined && prev !== undefined && frame.t > prev.t) {
    const p = boxCentre(before.box)
    const speed = Math.hypot(c.x - p.x, c.y - p.y) / ((frame.t - prev.t) / 1000)
    if (speed > cfg.maxSpeed) return 'hold_still'
  }
  return 'ok'
}

export interface AutoCaptureState {
  /** When the current run of good frames began, or null. */
  goodSince: number | null
  hint: GuidanceHint
  prev: FrameObservation | undefined
}

export const initialAutoCapture = (): AutoCaptureState => ({
  goodSince: null,
  hint: 'no_face',
  prev: undefined,
})

/**
 * Feeds one frame. `capture` is true on the frame where the picture has been good for `holdMs`;
 * `progress` (0..1) is how far along that hold is, for the on-screen ring.
 */
export function autoCaptureStep(
  state: AutoCaptureState,
  frame: FrameObservation,
  cfg: GuidanceConfig = GUIDANCE_DEFAULTS,
): { state: AutoCaptureState; capture: boolean; progress: number } {
  const hint = guidanceHint(frame, state.prev, cfg)
  const goodSince = hint === 'ok' ? (state.goodSince ?? frame.t) : null
  const held = goodSince === null ? 0 : frame.t - goodSince
  const capture = goodSince !== null && held >= cfg.holdMs
  return {
    state: { goodSince: capture ? null : goodSince, hint, prev: frame },
    capture,
    progress: Math.min(1, held / cfg.holdMs),
  }
}
