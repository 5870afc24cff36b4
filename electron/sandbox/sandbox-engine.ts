/**
 * Picks the sandbox's decider: the face engine when every model it needs is present and intact,
 * otherwise the model-less decider, which names the missing model in each result.
 */
import { modelProblems } from '../core/models/model-manifest'
import { FACE_MODEL_IDS } from '../shared/face/inference-protocol'
import { unavailableDecider, type SandboxDecider } from './sandbox-decider'
import { errorText } from '../shared/contract/result'

export async function defaultDecider(modelsDir: string): Promise<SandboxDecider> {
  const missing = faceModelProblems(modelsDir)
  if (missing !== null) return unavailableDecider(missing)
  const { faceEngineDecider } = await import('./sandbox-face.decider')
  return faceEngineDecider(modelsDir)
}

/** null when the face models are all there and intact, else what is wrong, in words. */
export function faceModelProblems(modelsDir: string): string | null {
  try {
    const problems = modelProblems(modelsDir, Object.values(FACE_MODEL_IDS))
    return problems.length === 0 ? null : `models not present: ${problems.join('; ')}`
  } catch (err) {
    return `models not present in ${modelsDir} (${errorText(err)})`
  }
}
