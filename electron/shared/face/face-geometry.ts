/** Geometry of the 5 face landmarks: alignment to the ArcFace template and a rough head pose. */
import type { Point } from './face.types'

/** 2×3 affine matrix [a, b, c, d, e, f]: x' = a·x + b·y + c, y' = d·x + e·y + f. */
export type Affine = [number, number, number, number, number, number]

/**
 * The ArcFace 112×112 template (insightface), the crop MobileFaceNet was trained on. Order as
 * YuNet's landmarks: right eye, left eye, nose, right mouth corner, left mouth corner.
 */
export const ARCFACE_TEMPLATE: readonly Point[] = [
  { x: 38.2946, y: 51.6963 },
  { x: 73.5318, y: 51.5014 },
  { x: 56.0252, y: 71.7366 },
  { x: 41.5493, y: 92.3655 },
  { x: 70.7299, y: 92.2041 },
]

/**
 * Least-squares similarity transform (rotation, uniform scale, translation; no reflection) taking
 * `src` onto `dst`. In 2-D this closed form equals Umeyama's estimate, which insightface uses.
 */
export function estimateSimilarity(src: readonly Point[], dst: readonly Point[]): Affine {
  const n = Math.min(src.length, dst.length)
  if (n < 2) throw new Error('a similarity transform needs at least 2 point pairs')
  let sx = 0
  let sy = 0
  let dx = 0
  let dy = 0
  for (let i = 0; i < n; i++) {
    sx += src[i]?.x ?? 0
    sy += src[i]?.y ?? 0
    dx += dst[i]?.x ?? 0
    dy += dst[i]?.y ?? 0
  }
  sx /= n
  sy /= n
  dx /= n
  dy /= n
  let num1 = 0
  let num2 = 0
  let den = 0
  for (let i = 0; i < n; i++) {
    const px = (src[i]?.x ?? 0) - sx
    const py = (src[i]?.y ?? 0) - sy
    const qx = (dst[i]?.x ?? 0) - dx
    const qy = (dst[i]?.y ?? 0) - dy
    num1 += px * qx + py * qy
    num2 += px * qy - py * qx
    den += px * px + py * py
  }
  if (den === 0) throw new Error('landmarks are all at one point')
  const a = num1 / den
  const b = num2 / den
  return [a, -b, dx - (a * sx - b * sy), b, a, dy - (b * sx + a * sy)]
}

export function invertAffine(m: Affine): Affine {
  const [a, b, c, d, e, f] = m
  const det = a * e - b * d
  if (det === 0) throw new Error('the transform is not invertible')
  const ia = e / det
  const ib = -b / det
  const id = -d / det
  const ie = a / det
  return [ia, ib, -(ia * c + ib * f), id, ie, -(id * c + ie * f)]
}

export function applyAffine(m: Affine, p: Point): Point {
  return { x: m[0] * p.x + m[1] * p.y + m[2], y: m[3] * p.x + m[4] * p.y + m[5] }
}

export interface HeadPose {
  yawDeg: number
  pitchDeg: number
  rollDeg: number
  interEyePx: number
}

/**
 * How far the nose tip sits in front of the eye plane, relative to the eye distance (adult
 * average ≈ 0.5). It turns the nose's sideways/vertical shift into an angle.
 */
const NOSE_DEPTH = 0.5
/**
 * Where YuNet's nose point lies between the eye line and the mouth line on a frontal face: the
 * median over the 36 shared faces is 0.61 (range 0.50–0.67). The ArcFace template's 0.49 would
 * read every frontal face as tilted ~13° down: YuNet marks the tip, the template a lower point.
 */
const FRONTAL_NOSE_RATIO = 0.61

/**
 * Approximate head pose from 5 landmarks. Roll is exact (the eye line's angle). Yaw and pitch come
 * from the nose tip's offset from the face's midline and from its frontal height; they are
 * approximate (±10° or so) but monotonic, which is what a "face the camera" gate needs.
 */
export function headPose(lm: readonly Point[]): HeadPose {
  const [re, le, nose, rm, lm2] = lm
  if (!re || !le || !nose || !rm || !lm2) throw new Error('head pose needs 5 landmarks')
  const ex = le.x - re.x
  const ey = le.y - re.y
  const ied = Math.hypot(ex, ey)
  const rollDeg = (Math.atan2(ey, ex) * 180) / Math.PI
  // Undo roll so "sideways" and "vertical" are the face's own axes.
  const cos = ex / ied
  const sin = ey / ied
  const rot = (p: Point): Point => ({ x: p.x * cos + p.y * sin, y: -p.x * sin + p.y * cos })
  const eyeMid = rot({ x: (re.x + le.x) / 2, y: (re.y + le.y) / 2 })
  const mouthMid = rot({ x: (rm.x + lm2.x) / 2, y: (rm.y + lm2.y) / 2 })
  const n = rot(nose)
  const midX = (eyeMid.x + mouthMid.x) / 2
  const yaw = Math.atan((n.x - midX) / (NOSE_DEPTH * ied))
  const faceH = mouthMid.y - eyeMid.y
  const ratio = faceH === 0 ? FRONTAL_NOSE_RATIO : (n.y - eyeMid.y) / faceH
  const pitchSin = ((ratio - FRONTAL_NOSE_RATIO) * faceH) / (NOSE_DEPTH * ied)
  const pitch = Math.asin(Math.max(-1, Math.min(1, pitchSin)))
  return {
    yawDeg: (yaw * 180) / Math.PI,
    pitchDeg: (pitch * 180) / Math.PI,
    rollDeg,
    interEyePx: ied,
  }
}
