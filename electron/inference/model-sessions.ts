/**
 * One onnxruntime session per model, created once, after the weights' sha256 matched
 * models/manifest.json. The execution provider is picked here: the platform's GPU provider when it
 * can really start a session, else CPU, with the reason recorded.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { availableParallelism } from 'node:os'
import { dirname, join } from 'node:path'
import * as ort from 'onnxruntime-node'
import { requireModel } from '../core/models/model-manifest'
import type { EngineInfo } from '../shared/face/face.types'
import { FACE_MODEL_IDS } from '../shared/face/inference-protocol'
import {
  providerCandidates,
  providerPlatformProblem,
  type ProviderPreference,
} from '../shared/face/execution-provider.policy'
import { errorText } from '../shared/contract/result'

const FACE_MODELS = FACE_MODEL_IDS
export type FaceModelRole = keyof typeof FACE_MODELS

export type Sessions = Record<FaceModelRole, ort.InferenceSession>

export interface LoadOptions {
  modelsDir: string
  provider: ProviderPreference
  /** Intra-op threads per session; default: every core, at most 4 (more only adds contention). */
  threads?: number
}

export async function loadSessions(opts: LoadOptions): Promise<{
  sessions: Sessions
  info: Omit<EngineInfo, 'pid' | 'warmupMs'>
}> {
  // Hash-check every file first, so a missing or wrong one is named before anything loads.
  const files = Object.fromEntries(
    Object.entries(FACE_MODELS).map(([role, id]) => [role, requireModel(opts.modelsDir, id)]),
  ) as Record<FaceModelRole, ReturnType<typeof requireModel>>
  const threads = opts.threads ?? Math.min(4, Math.max(1, availableParallelism()))
  const fallbacks: EngineInfo['fallbacks'] = []
  const started = performance.now()

  for (const provider of providerCandidates(opts.provider, process.platform)) {
    const problem = providerProblem(provider)
    if (problem !== null) {
      fallbacks.push({ provider, reason: problem })
      continue
    }
    const options: ort.InferenceSession.SessionOptions = {
      executionProviders: provider === 'cpu' ? ['cpu'] : [provider, 'cpu'],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      executionMode: 'sequential',
      graphOptimizationLevel: 'all',
      // Errors only: a provider that cannot start is reported through `fallbacks`, not stderr.
      logSeverityLevel: 3,
      // No busy-waiting between runs: the pool's spinning threads otherwise steal the cores sharp
      // and the JS pre/post-processing need in between (measured: 56 ms → 20 ms per selfie).
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    }
    try {
      const sessions = {} as Sessions
      for (const role of Object.keys(FACE_MODELS) as FaceModelRole[]) {
        sessions[role] = await ort.InferenceSession.create(files[role].path, options)
      }
      return {
        sessions,
        info: {
          provider,
          requested: opts.provider,
          fallbacks,
          intraOpThreads: threads,
          loadMs: Math.round(performance.now() - started),
          models: Object.fromEntries(
            Object.values(files).map((f) => [f.entry.id, f.entry.sha256.slice(0, 12)]),
          ),
        },
      }
    } catch (err) {
      if (provider === 'cpu') throw err
      const why = errorText(err).split('\n')[0] ?? ''
      fallbacks.push({ provider, reason: `session creation failed: ${why.slice(0, 200)}` })
    }
  }
  throw new Error('no execution provider could load the face models')
}

const requireCjs = createRequire(import.meta.url)

/** Why `provider` cannot work here before even trying, or null to try it for real. */
function providerProblem(provider: string): string | null {
  const platformProblem = providerPlatformProblem(provider, process.platform)
  if (platformProblem !== null) return platformProblem
  if (provider === 'cuda') {
    // onnxruntime-node downloads the CUDA provider at install time (ONNXRUNTIME_NODE_INSTALL);
    // without it the attempt only prints a loader error.
    const lib =
      process.platform === 'win32'
        ? 'onnxruntime_providers_cuda.dll'
        : 'libonnxruntime_providers_cuda.so'
    const dir = bindingDir()
    if (dir !== null && !existsSync(join(dir, lib))) {
      return `CUDA provider library ${lib} is not installed next to onnxruntime-node's binding`
    }
  }
  const supported = ort.listSupportedBackends()
  if (supported.length > 0 && !supported.some((b) => b.name === provider)) {
    return `this onnxruntime-node build has no ${provider} provider`
  }
  return null
}

function bindingDir(): string | null {
  try {
    const main = requireCjs.resolve('onnxruntime-node')
    return join(dirname(main), '..', 'bin', 'napi-v6', process.platform, process.arch)
  } catch {
    return null
  }
}
