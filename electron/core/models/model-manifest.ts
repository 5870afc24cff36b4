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

export function checkModel(dir: string, m: ModelEntry): ModelStatus {
  const path = join(dir, m.file)
  const base = { id: m.id, file: m.file, optional: m.optional === true }
  if (!existsSync(path)) {
    return {
      ...base,
      status: 'missing',
      message: `${m.file} is not in ${dir}; run \`npm run models\``,
    }
  }
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

/** Path of a verified model file, or a clear error naming the file. */
export function requireModel(dir: string, id: string): { path: string; entry: ModelEntry } {
  const entry = loadManifest(dir).find((m) => m.id === id)
  if (entry === undefined) {
    throw new AppError('models_missing', `model "${id}" is not in ${join(dir, 'manifest.json')}`)
  }
  const status = checkModel(dir, entry)
  if (status.status !== 'ok') {
    throw new AppError('models_missing', `model "${id}": ${status.message ?? status.status}`)
  }
  return { path: join(dir, entry.file), entry }
}
