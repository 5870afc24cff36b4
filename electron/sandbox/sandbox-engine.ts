/**
 * Picks the sandbox's decider: the face engine when every model it needs is present and intact,
 * otherwise the model-less decider, which names the missing model in each result.
 */
import { checkModel, loadManifest } from '../core/models/model-manifest'
import { FACE_MODEL_IDS } from '../shared/face/inference-protocol'
import { unavailableDecider, type SandboxDecider } from './sandbox-decider'

export async function defaultDecider(modelsDir: string): Promise<SandboxDecider> {
  const missing = modelProblems(modelsDir)
  if (missing !== null) return unavailableDecider(missing)
  const { faceEngineDecider } = await import('./sandbox-face.decider')
  return faceEngineDecider(modelsDir)
}

/** null when the face models are all there and intact, else what is wrong, in words. */
export function modelProblems(modelsDir: string): string | null {
  try {
    const manifest = loadManifest(modelsDir)
    const problems: string[] = []
    for (const id of Object.values(FACE_MODEL_IDS)) {
      const entry = manifest.find((m) => m.id === id)
      const status = entry === undefined ? undefined : checkModel(modelsDir, entry)
      if (status?.status !== 'ok') {
        problems.push(status?.message ?? `model ${id} is not in the manifest`)
      }
    }
    return problems.length === 0 ? null : `models not present: ${problems.join('; ')}`
  } catch (err) {
    return `models not present in ${modelsDir} (${err instanceof Error ? err.message : String(err)})`
  }
}
