/**
 * The face engine's place in the core: built by openCore, started lazily (opening the core never
 * waits for models or a process), stopped by core.close().
 */
import type { SystemInfo } from '../../shared/contract/contract'
import type { Settings } from '../../shared/domain/settings.schema'
import type { Keyring } from '../crypto/keyring'
import type { Logger } from '../log'
import type { Db } from '../store/database'
import { createFaceChecks, type FaceChecksRunner } from './face-checks.service'
import { createFaceEngine, type FaceEngineService } from './face-engine.service'
import { createFaceTemplatesRepo, type FaceTemplatesRepo } from './face-templates.repo'
import type { SpawnInference } from './inference-child'
import { errorText } from '../../shared/contract/result'

export interface FaceServices {
  face: FaceEngineService
  faceTemplates: FaceTemplatesRepo
  /** The face part of a job's local checks; core.ts composes it with the document part. */
  faceChecks: FaceChecksRunner
  /** For doctor: what onnxruntime offers and which provider the engine really runs on. */
  executionProviders: () => Promise<SystemInfo['executionProviders']>
}

export function createFaceServices(d: {
  db: Db
  keyring: Keyring
  clock: () => Date
  modelsDir: string
  settings: () => Settings
  log: Logger
  spawn?: SpawnInference
}): FaceServices {
  const face = createFaceEngine({
    modelsDir: d.modelsDir,
    settings: d.settings,
    log: d.log,
    ...(d.spawn === undefined ? {} : { spawn: d.spawn }),
  })
  const faceTemplates = createFaceTemplatesRepo(d.db, d.keyring, d.clock)
  return {
    face,
    faceTemplates,
    faceChecks: createFaceChecks({
      engine: face,
      templates: faceTemplates,
      settings: d.settings,
      log: d.log,
    }),
    executionProviders: () => executionProviders(face),
  }
}

/** Starts the engine (about half a second) so doctor reports the provider actually in use. */
async function executionProviders(
  face: FaceEngineService,
): Promise<SystemInfo['executionProviders']> {
  let available: string[] = []
  try {
    const ort = await import('onnxruntime-node')
    available = ort
      .listSupportedBackends()
      .filter((b) => b.bundled)
      .map((b) => b.name)
  } catch (err) {
    return { available, message: `onnxruntime-node cannot load: ${errorText(err)}` }
  }
  try {
    const info = await face.info()
    return {
      available,
      chosen: info.provider,
      requested: info.requested,
      fallbacks: info.fallbacks,
    }
  } catch (err) {
    return { available, message: `face engine not started: ${errorText(err)}` }
  }
}
