/**
 * Messages between the core's supervisor and the inference process. They travel by structured
 * clone (child_process `serialization: 'advanced'`, or Electron's utilityProcess), so images go as
 * Uint8Array and embeddings as Float32Array: no base64, no JSON of pixels.
 */
import type { ErrorCode } from '../contract/result'
import type { ProviderPreference } from './execution-provider.policy'

export interface InitParams {
  modelsDir: string
  provider: ProviderPreference
  /** Intra-op threads; default: all cores up to 4. */
  threads?: number
  /** Long side of the detector input in pixels (default 640). */
  detectMaxSide?: number
}

export type InferenceRequest =
  | { id: number; op: 'init'; params: InitParams }
  | { id: number; op: 'detect'; image: Uint8Array }
  | { id: number; op: 'analyse'; image: Uint8Array; liveness: boolean }

export type InferenceResponse =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: { code: ErrorCode; message: string } }

/** The models the face engine loads, by id in models/manifest.json. */
export const FACE_MODEL_IDS = {
  detector: 'yunet_dynamic',
  embedder: 'mobilefacenet',
  livenessV2: 'minifasnet_v2',
  livenessV1se: 'minifasnet_v1se',
} as const
