import { describe, expect, it } from 'vitest'
import {
  eyeOpenness,
  geometrySignature,
  landmarkBox,
  LM,
  observeFaces,
  poseFromLandmarks,
  poseFromMatrix,
  type Landmark,
} from '../../../electron/shared/liveness/mediapipe-observation'
import { signatureDistance } from '../../../electron/shared/liveness/identity.policy'

const W = 640
const H = 480

/** Column-major 4×4 from a 3×3 rotation (rows) and a translation. */
function matrix(r: number[][], tz = -32): number[] {
  const m = new Array<number>(16).fill(0)
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) m[4 * j + i] = r[i]?.[j] ?? 0
  m[14] = tz
  m[15] = 1
  return m
}
const rad = (d: number) => (d * Math.PI) / 180
const rotY = (d: number) => [
  [Math.cos(rad(d)), 0, Math.sin(rad(d))],
  [0, 1, 0],
  [-Math.sin(rad(d)), 0, Math.cos(rad(d))],
]
const rotX = (d: number) => [
  [1, 0, 0],
  [0, Math.cos(rad(d)), -Math.sin(rad(d))],
  [0, Math.sin(rad(d)), Math.cos(rad(d))],
]

describe('poseFromMatrix', () => {
  it.each([
    ['frontal', matrix(rotY(0)), 0, 0],
    ['turned 30° to their left', matrix(rotY(30)), 30, 0],
    ['turned 40° to their right', matrix(rotY(-40)), -40, 0],
    ['looking up 20°', matrix(rotX(-20)), 0, 20],
    ['looking down 15°', matrix(rotX(15)), 0, -15],
  ])('%s', (_name, m, yaw, pitch) => {
    const p = poseFromMatrix(m)
    expect(p.yawDeg).toBeCloseTo(yaw, 6)
    expect(p.pitchDeg).toBeCloseTo(pitch, 6)
  })

  // Matrices MediaPipe returned for shared face fr_rose_leslie_1 and frames of it rendered turned
  // (test/support/fake-camera.ts); the signs agree with what a person sees in the frames.
  it.each([
    [
      'facing the camera',
      [0.996, 0.064, 0.058, 0, -0.068, 0.994, 0.08, 0, -0.052, -0.084, 0.995, 0, 0, 2.6, -32.9, 1],
      -3,
      -5,
    ],
    [
      'turned to her left (nose to image right)',
      [
        0.855, 0.141, -0.498, 0, -0.068, 0.984, 0.162, 0, 0.514, -0.105, 0.852, 0, 1.5, 2.8, -33.5,
        1,
      ],
      31,
      -6,
    ],
    [
      'chin up',
      [0.996, 0.084, 0.022, 0, -0.065, 0.891, -0.45, 0, -0.057, 0.447, 0.893, 0, 0, 3.4, -33, 1],
      -4,
      27,
    ],
  ])('real MediaPipe output: %s', (_name, m, yaw, pitch) => {
    const p = poseFromMatrix(m)
    expect(Math.round(p.yawDeg)).toBe(yaw)
    expect(Math.round(p.pitchDeg)).toBe(pitch)
  })
})

/** A plausible 478-point face in pixel space (only the points the code reads matter). */
function syntheticFace(
  over: Record<number, [number, number, number]> = {},
): [number, number, number][] {
  const pts: [number, number, number][] = Array.from({ length: 478 }, (_, i) => [
    280 + ((i * 13) % 80),
    200 + ((i * 29) % 100),
    (i % 7) * 3,
  ])
  const set: Record<number, [number, number, number]> = {
    [LM.rightEyeOuter]: [260, 200, 10],
    [LM.rightEyeInner]: [300, 202, 5],
    [LM.leftEyeOuter]: [380, 200, 10],
    [LM.leftEyeInner]: [340, 202, 5],
    160: [273, 194, 6],
    144: [273, 206, 6],
    159: [280, 193, 6],
    145: [280, 207, 6],
    158: [287, 194, 6],
    153: [287, 206, 6],
    387: [367, 194, 6],
    373: [367, 206, 6],
    386: [360, 193, 6],
    374: [360, 207, 6],
    385: [353, 194, 6],
    380: [353, 206, 6],
    [LM.noseTip]: [320, 250, -30],
    [LM.noseBase]: [320, 262, -15],
    [LM.rightNoseWing]: [305, 258, -5],
    [LM.leftNoseWing]: [335, 258, -5],
    [LM.betweenEyes]: [320, 200, 0],
    [LM.noseBridge]: [320, 215, -10],
    [LM.forehead]: [320, 140, 5],
    [LM.rightFaceEdge]: [240, 230, 40],
    [LM.leftFaceEdge]: [400, 230, 40],
    [LM.chin]: [320, 320, 10],
    ...over,
  }
  for (const [i, p] of Object.entries(set)) pts[Number(i)] = p
  return pts
}
const normalise = (pts: [number, number, number][]): Landmark[] =>
  pts.map(([x, y, z]) => ({ x: x / W, y: y / H, z: z / W }))

function rotate(pts: [number, number, number][], yawDeg: number): [number, number, number][] {
  const c = Math.cos(rad(yawDeg))
  const s = Math.sin(rad(yawDeg))
  return pts.map(([x, y, z]) => [
    320 + c * (x - 320) + s * (z - 60),
    y,
    60 - s * (x - 320) + c * (z - 60),
  ])
}

describe('eye openness (eye aspect ratio)', () => {
  it('is the mean lid gap over the eye width, in pixels', () => {
    expect(eyeOpenness(normalise(syntheticFace()), W, H)).toBeCloseTo(38 / 3 / Math.hypot(40, 2), 6)
  })
  it('drops when the lids meet', () => {
    const closed: Record<number, [number, number, number]> = {}
    for (const [u, l, x] of [
      [160, 144, 273],
      [159, 145, 280],
      [158, 153, 287],
      [387, 373, 367],
      [386, 374, 360],
      [385, 380, 353],
    ] as const) {
      closed[u] = [x, 199, 6]
      closed[l] = [x, 201, 6]
    }
    expect(eyeOpenness(normalise(syntheticFace(closed)), W, H)).toBeCloseTo(
      2 / Math.hypot(40, 2),
      6,
    )
  })
})

describe('geometry signature', () => {
  it('does not change when the same head turns', () => {
    const a = geometrySignature(normalise(syntheticFace()), W, H)
    const b = geometrySignature(normalise(rotate(syntheticFace(), 30)), W, H)
    expect(signatureDistance(a, b)).toBeLessThan(1e-9)
  })
  it('does not change with distance to the camera (scale)', () => {
    const scaled = syntheticFace().map(
      ([x, y, z]) =>
        [320 + (x - 320) * 0.6, 240 + (y - 240) * 0.6, z * 0.6] as [number, number, number],
    )
    const a = geometrySignature(normalise(syntheticFace()), W, H)
    expect(signatureDistance(a, geometrySignature(normalise(scaled), W, H))).toBeLessThan(1e-9)
  })
  it('changes for a face of another shape', () => {
    const other = syntheticFace({ [LM.chin]: [320, 350, 10], [LM.noseTip]: [320, 262, -40] })
    const a = geometrySignature(normalise(syntheticFace()), W, H)
    expect(signatureDistance(a, geometrySignature(normalise(other), W, H))).toBeGreaterThan(0.02)
  })
})

describe('observeFaces', () => {
  it('reads pose, blendshapes and box, largest face first', () => {
    const small = normalise(syntheticFace()).map((p) => ({ x: p.x * 0.3, y: p.y * 0.3, z: p.z }))
    const big = normalise(syntheticFace())
    const faces = observeFaces(
      {
        faceLandmarks: [small, big],
        faceBlendshapes: [
          { categories: [] },
          {
            categories: [
              { categoryName: 'eyeBlinkLeft', score: 0.2 },
              { categoryName: 'eyeBlinkRight', score: 0.4 },
              { categoryName: 'mouthSmileLeft', score: 0.9 },
              { categoryName: 'mouthSmileRight', score: 0.7 },
            ],
          },
        ],
        facialTransformationMatrixes: [{ data: matrix(rotY(0)) }, { data: matrix(rotY(25)) }],
      },
      W,
      H,
    )
    expect(faces).toHaveLength(2)
    expect(faces[0]?.yawDeg).toBeCloseTo(25, 6)
    expect(faces[0]?.blink).toBeCloseTo(0.3, 6)
    expect(faces[0]?.smile).toBeCloseTo(0.8, 6)
    expect(faces[0]?.box).toEqual(landmarkBox(big))
    expect(faces[1]?.smile).toBe(0)
  })
  it('falls back to a landmark pose estimate when there is no matrix', () => {
    // rotate(-30) brings the nose (nearest the camera) towards the image's right: their left.
    const turned = observeFaces({ faceLandmarks: [normalise(rotate(syntheticFace(), -30))] }, W, H)
    const ahead = poseFromLandmarks(normalise(syntheticFace()), W, H)
    expect(Math.abs(ahead.yawDeg)).toBeLessThan(3)
    expect(turned[0]?.yawDeg).toBeGreaterThan(10)
  })
  it('no landmarks, no faces', () => {
    expect(observeFaces({ faceLandmarks: [] }, W, H)).toEqual([])
  })
})
