/**
 * Turns a MediaPipe FaceLandmarker result (478 landmarks, blendshapes, facial transformation
 * matrix) into the plain FaceObservation the policies read. Pure and structural: it takes the
 * result's shape, not the library's classes, so it runs in unit tests without MediaPipe.
 */
import type { FaceObservation, RelBox } from './observation'

export interface Landmark {
  x: number
  y: number
  z: number
}
export interface BlendshapeSet {
  categories: readonly { categoryName: string; score: number }[]
}
export interface LandmarkerResultLike {
  faceLandmarks: readonly (readonly Landmark[])[]
  faceBlendshapes?: readonly BlendshapeSet[]
  /** 4×4, column-major (MediaPipe's `Matrix.data`): canonical face → camera space. */
  facialTransformationMatrixes?: readonly { data: readonly number[] }[]
}

/** MediaPipe face-mesh indices used below. */
export const LM = {
  rightEyeOuter: 33,
  rightEyeInner: 133,
  leftEyeOuter: 263,
  leftEyeInner: 362,
  noseTip: 1,
  noseBase: 2,
  noseBridge: 6,
  betweenEyes: 168,
  forehead: 10,
  chin: 152,
  rightFaceEdge: 234,
  leftFaceEdge: 454,
  rightNoseWing: 98,
  leftNoseWing: 327,
} as const

/** Upper/lower lid pairs per eye, for the eye aspect ratio (Soukupová & Čech 2016). */
const RIGHT_LIDS: readonly [number, number][] = [
  [160, 144],
  [159, 145],
  [158, 153],
]
const LEFT_LIDS: readonly [number, number][] = [
  [387, 373],
  [386, 374],
  [385, 380],
]

/**
 * Rigid points only (eye corners, nose, forehead, chin, face edges): eyelids and lips move with
 * expressions, so they would make the same person look like someone else mid-challenge.
 */
export const SIGNATURE_POINTS: readonly number[] = [
  LM.rightEyeOuter,
  LM.rightEyeInner,
  LM.leftEyeOuter,
  LM.leftEyeInner,
  LM.noseTip,
  LM.noseBase,
  LM.rightNoseWing,
  LM.leftNoseWing,
  LM.betweenEyes,
  LM.noseBridge,
  LM.forehead,
  LM.rightFaceEdge,
  LM.leftFaceEdge,
  LM.chin,
]

const RAD = 180 / Math.PI

/** Head pose in degrees from the transformation matrix (see observation.ts for the signs). */
export function poseFromMatrix(data: readonly number[]): {
  yawDeg: number
  pitchDeg: number
  rollDeg: number
} {
  // Column 2 is where the canonical face's forward axis points in camera space (x right, y up,
  // z towards the camera); column 1 is its "up" axis.
  const nx = data[8] ?? 0
  const ny = data[9] ?? 0
  const nz = data[10] ?? 1
  const ux = data[4] ?? 0
  const uy = data[5] ?? 1
  return {
    yawDeg: Math.atan2(nx, nz) * RAD,
    pitchDeg: Math.atan2(ny, Math.hypot(nx, nz)) * RAD,
    rollDeg: Math.atan2(-ux, uy) * RAD,
  }
}

/**
 * Head pose from landmarks alone, for results without a matrix: nose tip against the eye/face
 * frame. Rougher than the matrix, used only as a fallback.
 */
export function poseFromLandmarks(
  lm: readonly Landmark[],
  width: number,
  height: number,
): { yawDeg: number; pitchDeg: number; rollDeg: number } {
  const p = (i: number) => px(lm, i, width, height)
  const l = p(LM.rightFaceEdge)
  const r = p(LM.leftFaceEdge)
  const nose = p(LM.noseTip)
  const eyes = mid(p(LM.rightEyeOuter), p(LM.leftEyeOuter))
  const chin = p(LM.chin)
  const faceW = Math.hypot(r.x - l.x, r.y - l.y) || 1
  const faceH = Math.hypot(chin.x - eyes.x, chin.y - eyes.y) || 1
  const centreX = (l.x + r.x) / 2
  // Nose offset of half the face width ≈ a 90° turn; scale into an angle with asin.
  const yaw = Math.asin(clamp((nose.x - centreX) / (faceW / 2), -1, 1)) * RAD
  const pitch = Math.asin(clamp(((eyes.y + chin.y) / 2 - nose.y) / faceH - 0.1, -1, 1)) * RAD
  const roll = Math.atan2(r.y - l.y, r.x - l.x) * RAD
  return { yawDeg: yaw, pitchDeg: pitch, rollDeg: roll }
}

/** Eye aspect ratio of both eyes, averaged. Pixel units so a 4:3 frame is not squashed. */
export function eyeOpenness(lm: readonly Landmark[], width: number, height: number): number {
  const ear = (corners: [number, number], lids: readonly [number, number][]) => {
    const w = dist2(lm, corners[0], corners[1], width, height)
    if (w === 0) return 0
    const gaps = lids.map(([a, b]) => dist2(lm, a, b, width, height))
    return gaps.reduce((s, g) => s + g, 0) / gaps.length / w
  }
  return (
    (ear([LM.rightEyeOuter, LM.rightEyeInner], RIGHT_LIDS) +
      ear([LM.leftEyeOuter, LM.leftEyeInner], LEFT_LIDS)) /
    2
  )
}

/**
 * Ratios of the 3D distances between rigid points, divided by the outer-eye-corner distance.
 * Distances in 3D do not change when the head turns, so frames of one person at different poses
 * give close signatures; MediaPipe's z is roughly in x's scale, hence z × width.
 */
export function geometrySignature(
  lm: readonly Landmark[],
  width: number,
  height: number,
): number[] {
  const pts = SIGNATURE_POINTS.map((i) => {
    const q = lm[i]
    return q === undefined ? [0, 0, 0] : [q.x * width, q.y * height, q.z * width]
  })
  const d = (a: number[], b: number[]) =>
    Math.hypot((a[0] ?? 0) - (b[0] ?? 0), (a[1] ?? 0) - (b[1] ?? 0), (a[2] ?? 0) - (b[2] ?? 0))
  const unit = d(pts[0] ?? [], pts[2] ?? []) || 1
  const out: number[] = []
  for (let i = 0; i < pts.length; i++) {
    for (let j = i + 1; j < pts.length; j++) out.push(d(pts[i] ?? [], pts[j] ?? []) / unit)
  }
  return out
}

export function landmarkBox(lm: readonly Landmark[]): RelBox {
  let minX = Infinity
  let minY = Infinity
  let maxX = -Infinity
  let maxY = -Infinity
  for (const p of lm) {
    minX = Math.min(minX, p.x)
    minY = Math.min(minY, p.y)
    maxX = Math.max(maxX, p.x)
    maxY = Math.max(maxY, p.y)
  }
  if (!Number.isFinite(minX)) return { x: 0, y: 0, width: 0, height: 0 }
  return { x: minX, y: minY, width: maxX - minX, height: maxY - minY }
}

/** Every face of a result, largest first. */
export function observeFaces(
  result: LandmarkerResultLike,
  width: number,
  height: number,
): FaceObservation[] {
  const faces = result.faceLandmarks.map((lm, i): FaceObservation => {
    const shapes = new Map(
      (result.faceBlendshapes?.[i]?.categories ?? []).map((c) => [c.categoryName, c.score]),
    )
    const score = (a: string, b: string) => ((shapes.get(a) ?? 0) + (shapes.get(b) ?? 0)) / 2
    const matrix = result.facialTransformationMatrixes?.[i]?.data
    const pose =
      matrix !== undefined && matrix.length >= 16
        ? poseFromMatrix(matrix)
        : poseFromLandmarks(lm, width, height)
    return {
      box: landmarkBox(lm),
      ...pose,
      eyeOpenness: eyeOpenness(lm, width, height),
      blink: score('eyeBlinkLeft', 'eyeBlinkRight'),
      smile: score('mouthSmileLeft', 'mouthSmileRight'),
      signature: geometrySignature(lm, width, height),
    }
  })
  return faces.sort((a, b) => b.box.width * b.box.height - a.box.width * a.box.height)
}

function px(lm: readonly Landmark[], i: number, width: number, height: number) {
  const q = lm[i]
  return q === undefined ? { x: 0, y: 0 } : { x: q.x * width, y: q.y * height }
}
function dist2(lm: readonly Landmark[], a: number, b: number, width: number, height: number) {
  const p = px(lm, a, width, height)
  const q = px(lm, b, width, height)
  return Math.hypot(p.x - q.x, p.y - q.y)
}
const mid = (a: { x: number; y: number }, b: { x: number; y: number }) => ({
  x: (a.x + b.x) / 2,
  y: (a.y + b.y) / 2,
})
const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v))
