/** Hand-made observation streams for the liveness policy tests: one frame every 33 ms (30 fps). */
import type {
  FaceObservation,
  FrameObservation,
} from '../../../electron/shared/liveness/observation'

export const FRAME_MS = 33

/** A fixed "person": 91 signature ratios (14 rigid points, all pairs) around 1. */
export const PERSON_A: number[] = Array.from({ length: 91 }, (_, i) => 0.5 + ((i * 37) % 100) / 100)
export const PERSON_B: number[] = PERSON_A.map((v, i) => v * (i % 2 === 0 ? 1.2 : 0.85))

export function face(over: Partial<FaceObservation> = {}): FaceObservation {
  return {
    box: { x: 0.35, y: 0.25, width: 0.3, height: 0.4 },
    yawDeg: 2,
    pitchDeg: -5,
    rollDeg: 0,
    eyeOpenness: 0.3,
    blink: 0.05,
    smile: 0.05,
    signature: PERSON_A,
    ...over,
  }
}

export const frame = (t: number, faces: FaceObservation[], brightness = 120): FrameObservation => ({
  t,
  faces,
  brightness,
})

/** Frames from `from` (inclusive) for `ms`, each made by `make(t, i)`. */
export function frames(
  from: number,
  ms: number,
  make: (t: number, i: number) => FaceObservation[],
): FrameObservation[] {
  const out: FrameObservation[] = []
  for (let i = 0; i * FRAME_MS < ms; i++) {
    out.push(frame(from + i * FRAME_MS, make(from + i * FRAME_MS, i)))
  }
  return out
}

/** Linear ramp of a value over `ms`, then held. */
export const ramp = (t: number, start: number, ms: number, a: number, b: number): number =>
  t <= start ? a : t >= start + ms ? b : a + ((b - a) * (t - start)) / ms

/** A seeded random in [0,1) (the sandbox's mulberry32), so random orders are reproducible. */
export { seededRandom as seeded } from '../../../electron/sandbox/sandbox-faults'
