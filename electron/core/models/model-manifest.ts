/** models/manifest.json: which weights exist, where, and whether their bytes are the right ones. */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { AppError } from '../../shared/contract/result'

const ModelEntry = z.object({
  id: z.string(),
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int(),
  runtime: z.enum(['onnx', 'mediapipe']),
  role: z.string(),
  optional: z.boolean().optional(),
  licence: z.string(),
  source: z.string(),
})
export type ModelEntry = z.infer<typeof ModelEntry>

const Manifest = z.object({ version: z.literal(1), models: z.array(ModelEntry) })

export interface ModelStatus {
  id: string
  file: string
  /** Nothing the kiosk does by default needs it. */
  optional: boolean
  status: 'ok' | 'missing' | 'hash_mismatch'
  message?: string
}

export function loadManifest(dir: string): ModelEntry[] {
  const file = join(dir, 'manifest.json')
  if (!existsSync(file)) throw new AppError('models_missing', `no model manifest at ${file}`)
  return Manifest.parse(JSON.parse(readFileSync(file, 'utf8'))).models
}

/** `hash: false` only looks for the file (cheap; for a caller about to hand it to a verifier). */
export function checkModel(dir: string, m: ModelEntry, opts = { hash: true }): ModelStatus {
  const path = join(dir, m.file)
  const base = { id: m.id, file: m.file, optional: m.optional === true }
  if (!existsSync(path)) {
    return {
      ...base,
      status: 'missing',
      message: `${m.file} is not in ${dir}; run \`npm run models\``,
    }
  }
  if (!opts.hash) return { ...base, status: 'ok' }
  const sha = createHash('sha256').update(readFileSync(path)).digest('hex')
  if (sha !== m.sha256) {
    return {
      ...base,
      status: 'hash_mismatch',
      message: `${m.file} has sha256 ${sha.slice(0, 12)}…, expected ${m.sha256.slice(0, 12)}…`,
    }
  }
  return { ...base, status: 'ok' }
}

export function checkModels(dir: string): ModelStatus[] {
  return loadManifest(dir).map((m) => checkModel(dir, m))
}

/**
 * What stops these models being used, one line each (`model "id": …`); empty when every one is
 * in the manifest, on disk and (with `hash`) hash-correct.
 */
export function modelProblems(
  dir: string,
  ids: readonly string[],
  opts = { hash: true },
): string[] {
  const manifest = loadManifest(dir)
  const problems: string[] = []
  for (const id of ids) {
    const entry = manifest.find((m) => m.id === id)
    if (entry === undefined) {
      problems.push(`model "${id}" is not in ${join(dir, 'manifest.json')}`)
      continue
    }
    const status = checkModel(dir, entry, opts)
    if (status.status !== 'ok') {
      problems.push(`model "${id}": ${status.message ?? status.status}`)
    }
  }
  return problems
}

/** Path of a verified model file, or a clear error naming the file. */
export function requireModel(dir: string, id: string): { path: string; entry: ModelEntry } {
  const problems = modelProblems(dir, [id])
  if (problems.length > 0) throw new AppError('models_missing', problems.join('; '))
  const entry = loadManifest(dir).find((m) => m.id === id)!
  return { path: join(dir, entry.file), entry }
}
