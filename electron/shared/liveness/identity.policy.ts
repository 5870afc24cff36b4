/**
 * Is it still the same person? An embedding-free tripwire for a face swapped mid-session, in two
 * parts, both pure:
 *
 * 1. Track continuity. A real head moves smoothly: between two frames its centre cannot jump by
 *    more than about `jumpBase` face widths plus `jumpPerSecond` per second of gap. Someone
 *    stepping in for someone else (or a cut in an injected video) shows as a jump, as a moment
 *    with no face (handled as "face lost" by the challenge policy), or as two faces (handled as
 *    "second face").
 * 2. Geometry. The 3D distance ratios between rigid landmarks (see geometrySignature) are the same
 *    for one person at one pose and differ between people. Measured on the shared faces with
 *    MediaPipe: different photos of one person differ by 0.012–0.065 (median 0.031), different
 *    people by 0.018–0.14 (median 0.050). That overlap is why this is only compared at the pose
 *    of the baseline (turning changes the estimate) and only over several frames, and why the
 *    threshold is high: it catches gross changes (another face shape) and nothing subtle.
 *    The face engine's embedding match of selfie and liveness frames is the real identity check.
 */
import { boxCentre, median, type FaceObservation } from './observation'

export interface IdentityConfig {
  jumpBase: number
  jumpPerSecond: number
  /** Signature distance above which a frame "looks like someone else". */
  maxSignatureDistance: number
  /** Consecutive comparable frames that must look like someone else before we say so. */
  signatureFrames: number
  /** Poses within this many degrees of the baseline's are comparable. */
  comparablePoseDeg: number
}

export const IDENTITY_DEFAULTS: IdentityConfig = {
  jumpBase: 0.6,
  jumpPerSecond: 2.5,
  maxSignatureDistance: 0.09,
  signatureFrames: 5,
  comparablePoseDeg: 10,
}

/** Mean relative difference of two signatures (0 = identical geometry). */
export function signatureDistance(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length)
  if (n === 0) return 0
  let sum = 0
  for (let i = 0; i < n; i++) {
    const x = a[i] ?? 0
    const y = b[i] ?? 0
    const m = (Math.abs(x) + Math.abs(y)) / 2
    sum += m === 0 ? 0 : Math.abs(x - y) / m
  }
  return sum / n
}

/** Element-wise median of several signatures: the baseline a session compares against. */
export function medianSignature(signatures: readonly (readonly number[])[]): number[] {
  const n = Math.min(...signatures.map((s) => s.length))
  if (!Number.isFinite(n)) return []
  return Array.from({ length: n }, (_, i) => median(signatures.map((s) => s[i] ?? 0)))
}

export interface IdentityBaseline {
  signature: readonly number[]
  yawDeg: number
  pitchDeg: number
}

export interface IdentityTrack {
  last: { t: number; face: FaceObservation } | null
  /** Consecutive comparable frames that looked like someone else. */
  strangerFrames: number
}

export const newTrack = (): IdentityTrack => ({ last: null, strangerFrames: 0 })

/** True when the face could not have moved from the last one to here in the time between. */
export function jumped(
  from: { t: number; face: FaceObservation },
  to: { t: number; face: FaceObservation },
  cfg: IdentityConfig = IDENTITY_DEFAULTS,
): boolean {
  const a = boxCentre(from.face.box)
  const b = boxCentre(to.face.box)
  const width = Math.max(from.face.box.width, to.face.box.width, 1e-6)
  const moved = Math.hypot(b.x - a.x, b.y - a.y) / width
  const seconds = Math.max(0, to.t - from.t) / 1000
  const sizeRatio =
    Math.max(from.face.box.width, to.face.box.width) /
    Math.max(1e-6, Math.min(from.face.box.width, to.face.box.width))
  return moved > cfg.jumpBase + cfg.jumpPerSecond * seconds || sizeRatio > 1.6 + 2 * seconds
}

/** Feeds the primary face of one frame; `swapped` is true when the person seems to have changed. */
export function trackIdentity(
  track: IdentityTrack,
  t: number,
  face: FaceObservation,
  baseline: IdentityBaseline | null,
  cfg: IdentityConfig = IDENTITY_DEFAULTS,
): { track: IdentityTrack; swapped: boolean; why?: 'jump' | 'geometry' } {
  const here = { t, face }
  if (track.last !== null && jumped(track.last, here, cfg)) {
    return { track: { last: here, strangerFrames: 0 }, swapped: true, why: 'jump' }
  }
  let strangerFrames = track.strangerFrames
  if (baseline !== null && baseline.signature.length > 0) {
    const comparable =
      Math.abs(face.yawDeg - baseline.yawDeg) <= cfg.comparablePoseDeg &&
      Math.abs(face.pitchDeg - baseline.pitchDeg) <= cfg.comparablePoseDeg
    if (comparable) {
      const far = signatureDistance(face.signature, baseline.signature) > cfg.maxSignatureDistance
      strangerFrames = far ? strangerFrames + 1 : 0
    }
  }
  const swapped = strangerFrames >= cfg.signatureFrames
  return {
    track: { last: here, strangerFrames: swapped ? 0 : strangerFrames },
    swapped,
    ...(swapped ? { why: 'geometry' as const } : {}),
  }
}
