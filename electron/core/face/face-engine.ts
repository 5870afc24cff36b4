/**
 * The face engine as the rest of the core uses it (local checks, sandbox backend, document checks,
 * CLI). Get it from the core: `core.face`. Every call takes image bytes exactly as captured (JPEG,
 * PNG, WebP or TIFF; EXIF orientation is honoured) and runs in the supervised inference process,
 * started on first use. Thresholds come from settings (`thresholds.faceMatch`,
 * `thresholds.liveness`), read on every call.
 *
 * Errors (always AppError):
 * - `models_missing`: a model file is absent or has the wrong hash; the message names the file.
 * - `bad_image`: the bytes are not a decodable image.
 * - `unavailable`: the inference process crashed, timed out or could not start; the call was not
 *   run. The next call starts a fresh process.
 * "No face" is not an error: results say so (`faces: []`, `face: null`).
 *
 * Deciding with it (sandbox backend, document checks), policies in electron/shared/face/:
 *   const s = await core.face.analyse(selfie)               // one round trip
 *   assessQuality(s.metrics)                                 // quality.policy.ts
 *   assessLiveness(s.liveness, settings['thresholds.liveness'])   // liveness.policy.ts
 *   const d = await core.face.analyse(idFront, { liveness: false })
 *   assessMatch({ similarity: core.face.similarity(s.embedding, d.embedding),
 *                 threshold: settings['thresholds.faceMatch'], against: 'document' })
 *   summariseFaceChecks({ quality, liveness, document })    // face-checks.policy.ts
 * A job's stored local checks (`local_checks.face`) come from face-checks.service.ts.
 */
import type {
  DetectResult,
  DetectedFace,
  EngineInfo,
  FaceAnalysis,
  LivenessScores,
} from '../../shared/face/face.types'

export interface LivenessVerdict {
  /** Probability the largest face is a live person, 0..1; null when no face was found. */
  score: number | null
  live: boolean
  threshold: number
  face: DetectedFace | null
  scores: LivenessScores | null
}

export interface MatchVerdict {
  /** Cosine similarity of the two largest faces' embeddings, −1..1; null if a face is missing. */
  similarity: number | null
  threshold: number
  match: boolean
  /** The two images are (near) copies of the same photo: FACE_IDENTICAL. */
  identical: boolean
  /** Which side had no face, when one did not. */
  missing: ('a' | 'b')[]
  faces: { a: DetectedFace | null; b: DetectedFace | null }
}

export interface FaceEngine {
  /** Starts the inference process if needed; says which execution provider and models it uses. */
  info(): Promise<EngineInfo>
  /** Every face: box, score, 5 landmarks; largest first. */
  detect(image: Uint8Array): Promise<DetectResult>
  /**
   * The largest face's quality metrics, embedding and (unless `liveness: false`) passive liveness,
   * in one round trip. Feed `metrics` to `assessQuality` (shared/face/quality.policy.ts).
   */
  analyse(image: Uint8Array, opts?: { liveness?: boolean }): Promise<FaceAnalysis>
  /** Passive liveness of the largest face against `thresholds.liveness`. */
  liveness(image: Uint8Array): Promise<LivenessVerdict>
  /** 1:1: are the largest faces of `a` and `b` the same person (`thresholds.faceMatch`)? */
  match(a: Uint8Array, b: Uint8Array): Promise<MatchVerdict>
  /** Cosine similarity of two embeddings from `analyse` (pure; no process involved). */
  similarity(a: Float32Array, b: Float32Array): number
  /** Stops the inference process; in-flight calls fail with `unavailable`. */
  close(): void
}
