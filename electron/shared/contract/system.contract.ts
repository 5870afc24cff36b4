/** Contract entries for diagnostics: what `kiosk doctor` and the diagnostics screen show. */
import { z } from 'zod'
import { entry } from './schema'

const ModelStatus = z.object({
  id: z.string(),
  file: z.string(),
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
    message: z.string().optional(),
  }),
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
