/** A real face engine for tests: the built inference process, the provisioned models. */
import { join } from 'node:path'
import { afterAll } from 'vitest'
import {
  createFaceEngine,
  type FaceEngineService,
} from '../../../electron/core/face/face-engine.service'
import type { SpawnInference } from '../../../electron/core/face/inference-child'
import { createLogger } from '../../../electron/core/log'
import { defaultSettings, type Settings } from '../../../electron/shared/domain/settings.schema'
import { REPO } from '../../support/cli'

export const MODELS_DIR = join(REPO, 'models')

export function testEngine(
  opts: {
    modelsDir?: string
    settings?: Partial<Settings>
    spawn?: SpawnInference
    callTimeoutMs?: number
  } = {},
): FaceEngineService {
  const settings = { ...defaultSettings(), ...opts.settings }
  const engine = createFaceEngine({
    modelsDir: opts.modelsDir ?? MODELS_DIR,
    settings: () => settings,
    log: createLogger('test', () => undefined),
    ...(opts.spawn === undefined ? {} : { spawn: opts.spawn }),
    ...(opts.callTimeoutMs === undefined ? {} : { callTimeoutMs: opts.callTimeoutMs }),
  })
  afterAll(() => engine.close())
  return engine
}
