/** The FaceEngine (see face-engine.ts) over the supervised inference process. */
import { AppError } from '../../shared/contract/result'
import type { Settings } from '../../shared/domain/settings.schema'
import type { DetectResult, EngineInfo, FaceAnalysis } from '../../shared/face/face.types'
import {
  isProviderPreference,
  PROVIDER_PREFERENCES,
  type ProviderPreference,
} from '../../shared/face/execution-provider.policy'
import { FACE_MODEL_IDS, type InitParams } from '../../shared/face/inference-protocol'
import { cosine } from '../../shared/face/match.policy'
import type { Logger } from '../log'
import { modelProblems } from '../models/model-manifest'
import type { FaceEngine, LivenessVerdict, MatchVerdict } from './face-engine'
import { forkInference, type SpawnInference } from './inference-child'
import { createInferenceSupervisor } from './inference-supervisor'
import { matchVerdict, sameBytes } from './match-verdict'

export interface FaceEngineOptions {
  modelsDir: string
  settings: () => Settings
  log: Logger
  /** Electron main passes a utilityProcess spawner; default: fork the built entry. */
  spawn?: SpawnInference
  env?: NodeJS.ProcessEnv
  callTimeoutMs?: number
  startTimeoutMs?: number
}

export type FaceEngineService = FaceEngine & {
  /** Whether the inference process is running now (does not start it). */
  running(): boolean
  /** The provider asked for (setting, or KIOSK_INFERENCE_PROVIDER which wins). */
  requestedProvider(): ProviderPreference
}

export function createFaceEngine(o: FaceEngineOptions): FaceEngineService {
  const env = o.env ?? process.env

  function requestedProvider(): ProviderPreference {
    const fromEnv = env.KIOSK_INFERENCE_PROVIDER?.trim()
    if (fromEnv !== undefined && fromEnv !== '') {
      if (!isProviderPreference(fromEnv)) {
        throw new AppError(
          'invalid_input',
          `KIOSK_INFERENCE_PROVIDER=${fromEnv} is not one of ${PROVIDER_PREFERENCES.join(', ')}`,
        )
      }
      return fromEnv
    }
    return o.settings()['inference.provider']
  }

  function initParams(): InitParams {
    const threads = Number(env.KIOSK_INFERENCE_THREADS)
    return {
      modelsDir: o.modelsDir,
      provider: requestedProvider(),
      ...(Number.isInteger(threads) && threads > 0 ? { threads } : {}),
    }
  }

  const supervisor = createInferenceSupervisor({
    spawn: o.spawn ?? forkInference(),
    initParams,
    log: o.log,
    ...(o.callTimeoutMs === undefined ? {} : { callTimeoutMs: o.callTimeoutMs }),
    ...(o.startTimeoutMs === undefined ? {} : { startTimeoutMs: o.startTimeoutMs }),
  })

  /** Missing files are named here, before forking a process that could only fail. */
  function requireModelFiles(): void {
    // Presence only: the inference process verifies each hash as it loads the model.
    const problems = modelProblems(o.modelsDir, Object.values(FACE_MODEL_IDS), { hash: false })
    if (problems.length > 0) throw new AppError('models_missing', problems.join('; '))
  }

  async function info(): Promise<EngineInfo> {
    if (!supervisor.running()) requireModelFiles()
    return supervisor.info()
  }

  async function call<T>(body: Parameters<typeof supervisor.call>[0]): Promise<T> {
    if (!supervisor.running()) requireModelFiles()
    return supervisor.call<T>(body)
  }

  const analyse = (image: Uint8Array, opts: { liveness?: boolean } = {}) =>
    call<FaceAnalysis>({ op: 'analyse', image, liveness: opts.liveness !== false })

  return {
    info,
    running: supervisor.running,
    requestedProvider,
    detect: (image) => call<DetectResult>({ op: 'detect', image }),
    analyse,
    async liveness(image): Promise<LivenessVerdict> {
      const threshold = o.settings()['thresholds.liveness']
      const a = await analyse(image, { liveness: true })
      const score = a.liveness === null ? null : Math.round(a.liveness.score * 1000) / 1000
      return {
        score,
        live: score !== null && score >= threshold,
        threshold,
        face: a.face,
        scores: a.liveness,
      }
    },
    async match(a, b): Promise<MatchVerdict> {
      const threshold = o.settings()['thresholds.faceMatch']
      const fa = await analyse(a, { liveness: false })
      const fb = await analyse(b, { liveness: false })
      return matchVerdict(fa, fb, { threshold, sameBytes: sameBytes(a, b) })
    },
    similarity: (a, b) => cosine(a, b),
    close: () => supervisor.close(),
  }
}
