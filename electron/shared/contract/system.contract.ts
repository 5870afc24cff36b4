/** Contract entries for diagnostics: what `kiosk doctor` and the diagnostics screen show. */
import { z } from 'zod'
import { entry } from './schema'

const ModelStatus = z.object({
  id: z.string(),
  file: z.string(),
  /** Nothing the kiosk does by default needs it (models/manifest.json). */
  optional: z.boolean(),
  status: z.enum(['ok', 'missing', 'hash_mismatch']),
  message: z.string().optional(),
})

export const SystemInfo = z.object({
  version: z.string(),
  versions: z.record(z.string(), z.string()),
  dataDir: z.string(),
  database: z.object({
    ok: z.boolean(),
    path: z.string(),
    schemaVersion: z.number().int(),
    sizeBytes: z.number().int(),
    jobs: z.record(z.string(), z.number().int()),
    message: z.string().optional(),
  }),
  models: z.array(ModelStatus),
  executionProviders: z.object({
    available: z.array(z.string()),
    /** The provider the face engine actually runs on, and what was asked for. */
    chosen: z.string().optional(),
    requested: z.string().optional(),
    fallbacks: z.array(z.object({ provider: z.string(), reason: z.string() })).optional(),
    message: z.string().optional(),
  }),
  trust: z
    .object({
      /** No staff account yet: a staff desk is open to anyone until the first supervisor exists. */
      setupMode: z.boolean(),
      audit: z.object({
        ok: z.boolean(),
        entries: z.number().int(),
        firstBad: z.string().nullable(),
      }),
    })
    .optional(),
  backend: z.object({
    mode: z.enum(['demo', 'live']),
    url: z.string(),
    configured: z.boolean(),
    reachable: z.boolean().nullable(),
    problems: z.array(z.string()),
  }),
})
export type SystemInfo = z.infer<typeof SystemInfo>

export const systemContract = {
  'system:info': entry(z.object({ probeBackend: z.boolean().default(false) }), SystemInfo),
} as const
