/**
 * What the live-guidance and challenge policies see of one camera frame. Plain numbers only, so the
 * policies stay pure and their tests can feed hand-made streams; `mediapipe-observation.ts` builds
 * these from FaceLandmarker results in the page.
 *
 * Sign conventions (raw, un-mirrored camera frame):
 * - `yawDeg` > 0: the person turned to THEIR left (nose moves to the image's right).
 * - `pitchDeg` > 0: the person looks up.
 */

/** A box in frame-relative units (0..1 of the frame's width and height). */
export interface RelBox {
  x: number
  y: number
  width: number
  height: number
}

export interface FaceObservation {
  box: RelBox
  yawDeg: number
  pitchDeg: number
  rollDeg: number
  /** Eye aspect ratio, mean of both eyes (lid gap / eye width); ~0.3 open, ~0.1 closed. */
  eyeOpenness: number
  /** Blendshape eyeBlink, mean of both eyes, 0..1. */
  blink: number
  /** Blendshape mouthSmile, mean of both sides, 0..1. */
  smile: number
  /** Pose-invariant landmark geometry (3D distance ratios); see identity.policy.ts. */
  signature: readonly number[]
}

export interface FrameObservation {
  /** Milliseconds on a monotonic clock (performance.now()). */
  t: number
  /** Largest face first. */
  faces: readonly FaceObservation[]
  /** Mean luma (0..255) of the primary face's box, or of the frame when there is no face. */
  brightness: number
}

/** Median of a list (NaN when empty): the policies' robust baseline. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const s = [...values].sort((a, b) => a - b)
  const mid = Math.floor(s.length / 2)
  return s.length % 2 === 1 ? (s[mid] ?? Number.NaN) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2
}

export const boxCentre = (b: RelBox): { x: number; y: number } => ({
  x: b.x + b.width / 2,
  y: b.y + b.height / 2,
})

/** Faces at least `minShare` as wide as the largest: people close enough to be "in" the capture. */
export function prominentFaces(
  faces: readonly FaceObservation[],
  minShare: number,
): FaceObservation[] {
  const first = faces[0]
  if (first === undefined) return []
  return faces.filter((f) => f.box.width >= first.box.width * minShare)
}
