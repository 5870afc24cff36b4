/**
 * Files the page needs for live face tracking, served read-only by both shells (browser host
 * mounts, Electron's app:// handler): MediaPipe's wasm from its npm package, and the models the
 * manifest marks `runtime: mediapipe` whose sha256 checks out. Nothing else in models/ is ever
 * reachable from the page.
 */
import { existsSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { checkModel, loadManifest } from '../models/model-manifest'
import { errorText } from '../../shared/contract/result'

/** URL prefixes the renderer loads from (renderer/src/mediapipe/assets.ts uses the same). */
export const MEDIAPIPE_WASM_URL = '/mediapipe/wasm'
export const MEDIAPIPE_MODELS_URL = '/mediapipe/models'

export interface RendererAssets {
  /** URL prefix → folder served as a whole. */
  dirs: Record<string, string>
  /** Exact URL path → file. */
  files: Record<string, string>
  /** Models left out, and why, for diagnostics. */
  problems: string[]
}

export function mediapipeWasmDir(): string {
  // The package exports its wasm files by name (not package.json): resolve one, take its folder.
  return dirname(
    createRequire(import.meta.url).resolve('@mediapipe/tasks-vision/vision_wasm_internal.wasm'),
  )
}

export function rendererAssets(modelsDir: string): RendererAssets {
  const files: Record<string, string> = {}
  const problems: string[] = []
  let entries: ReturnType<typeof loadManifest> = []
  try {
    entries = loadManifest(modelsDir)
  } catch (err) {
    problems.push(errorText(err))
  }
  for (const m of entries) {
    if (m.runtime !== 'mediapipe') continue
    const status = checkModel(modelsDir, m)
    if (status.status === 'ok') files[`${MEDIAPIPE_MODELS_URL}/${m.file}`] = join(modelsDir, m.file)
    else if (m.optional !== true) problems.push(status.message ?? `${m.file}: ${status.status}`)
  }
  return { dirs: { [MEDIAPIPE_WASM_URL]: mediapipeWasmDir() }, files, problems }
}

/**
 * The file behind a URL path, for shells without a static server (Electron's app:// handler).
 * Folders are flat, so only a plain file name below a prefix is accepted: no sub-paths, no "..".
 */
export function rendererAssetFile(assets: RendererAssets, urlPath: string): string | undefined {
  if (Object.hasOwn(assets.files, urlPath)) return assets.files[urlPath]
  for (const [prefix, dir] of Object.entries(assets.dirs)) {
    if (!urlPath.startsWith(prefix + '/')) continue
    const name = urlPath.slice(prefix.length + 1)
    if (!/^[A-Za-z0-9._-]+$/.test(name) || name.startsWith('.')) return undefined
    const file = join(dir, name)
    return existsSync(file) && statSync(file).isFile() ? file : undefined
  }
  return undefined
}
