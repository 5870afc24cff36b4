/**
 * What the face engine measures, as every process sees it (core, inference process, UI). Plain
 * data only: these objects cross the inference process boundary by structured clone.
 * Coordinates are pixels of the image as a person sees it (EXIF orientation already applied).
 */

export interface Point {
  x: number
  y: number
}

export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/**
 * One face found by YuNet. `landmarks` are 5 points in YuNet's order: right eye, left eye, nose
 * tip, right mouth corner, left mouth corner (the subject's right, i.e. image-left on a frontal face).
 */
export interface DetectedFace {
  box: Box
  /** Detector confidence, 0..1. */
  score: number
  landmarks: Point[]
}

export interface ImageSize {
  width: number
  height: number
}

export interface DetectResult {
  image: ImageSize
  /** Largest face first. */
  faces: DetectedFace[]
}

/** Raw measurements of the primary (largest) face; `quality.policy.ts` turns them into decisions. */
export interface FaceMetrics {
  /** Faces whose width is at least 40% of the largest one: people close enough to matter. */
  prominentFaces: number
  /** Distance between the eye centres, in image pixels. */
  interEyePx: number
  /** Mean luma of the face (Rec. 601, 0..255). */
  brightness: number
  /** Share of face pixels at or above 250 luma (blown out). */
  overexposed: number
  /** Variance of the Laplacian of the aligned 112×112 grey face: low means blurry. */
  sharpness: number
  /** Head pose from the 5 landmarks, approximate degrees (0 = frontal). */
  yawDeg: number
  pitchDeg: number
  rollDeg: number
}

/** Passive liveness of one face: MiniFASNet V2 (crop ×2.7) and V1SE (crop ×4.0), fused. */
export interface LivenessScores {
  /** Probability the face is a live person, 0..1 (mean of the two models' "real" class). */
  score: number
  /** Each model's softmax over [spoof-print, real, spoof-replay]. */
  v2: [number, number, number]
  v1se: [number, number, number]
}

/** Everything one selfie gives: the primary face, its measurements, embedding and liveness. */
export interface FaceAnalysis {
  image: ImageSize
  faces: DetectedFace[]
  /** The largest face, or null when none was found (then the fields below are null too). */
  face: DetectedFace | null
  metrics: FaceMetrics | null
  /** L2-normalised MobileFaceNet embedding (128 floats). Biometric data: never log or store plain. */
  embedding: Float32Array | null
  liveness: LivenessScores | null
  timingsMs: Record<string, number>
}

/** How the inference process runs, for doctor and for every job's local checks. */
export interface EngineInfo {
  /** Execution provider the sessions actually use, e.g. "cpu" or "cuda". */
  provider: string
  /** What was asked for: "auto" or an explicit provider. */
  requested: string
  /** Providers tried before `provider` and why each was not used. */
  fallbacks: { provider: string; reason: string }[]
  intraOpThreads: number
  /** Milliseconds to create every model session (after the hash check). */
  loadMs: number
  /** Milliseconds of the first (warm-up) run of every model, done before the first real call. */
  warmupMs: number
  /** Model id → first 12 hex digits of its sha256, so results say which weights made them. */
  models: Record<string, string>
  pid: number
}
