/** Contract entries for sync: its status, one pass on demand, and staff retry of a blocked job. */
import { z } from 'zod'
import { JobDetail, JobId } from '../domain/job'
import { entry } from './schema'

export const SyncStatus = z.object({
  mode: z.enum(['demo', 'live']),
  /** The backend base URL in use (the bundled sandbox's in demo mode, once started). */
  backendUrl: z.string().nullable(),
  connectivity: z.enum(['unknown', 'online', 'offline']),
  /** Why sync thinks it is offline (e.g. a captive portal page answered). */
  offlineReason: z.string().nullable(),
  /** An account-level refusal (bad key, product not enabled) pausing every job, in words. */
  blocked: z.string().nullable(),
  running: z.boolean(),
  lastPassAt: z.string().nullable(),
  /** Backend clock minus this device's clock, when known (signatures use the backend's). */
  clockOffsetSec: z.number().nullable(),
  /** The device clock looks wrong (jumped, reset, far off the backend's): one line, or null. */
  clockWarning: z.string().nullable(),
  /** Jobs per state. */
  queue: z.record(z.string(), z.number()),
  nextAttemptAt: z.string().nullable(),
  relay: z.object({
    configured: z.boolean(),
    pending: z.number(),
    delivered: z.number(),
    lastError: z.string().nullable(),
  }),
})
export type SyncStatus = z.infer<typeof SyncStatus>

export const SyncRunSummary = z.object({
  mode: z.enum(['demo', 'live']),
  backendUrl: z.string().nullable(),
  turns: z.number(),
  finished: z.number(),
  offline: z.boolean(),
  offlineReason: z.string().nullable(),
  blocked: z.string().nullable(),
  relayed: z.number(),
  relayFailures: z.number(),
  durationMs: z.number(),
  clockOffsetSec: z.number().nullable(),
  before: z.record(z.string(), z.number()),
  queue: z.record(z.string(), z.number()),
  relay: SyncStatus.shape.relay,
})
export type SyncRunSummary = z.infer<typeof SyncRunSummary>

export const syncContract = {
  'sync:status': entry(z.object({}), SyncStatus),
  /** One pass: send what is queued and wait up to waitSec for results still being decided. */
  'sync:run': entry(
    z.object({ waitSec: z.number().int().min(0).max(3600).default(30) }),
    SyncRunSummary,
  ),
  /** Staff: put a failed / needs-attention job back in the queue (allowNewEnroll answers 2209). */
  'jobs:retry': entry(
    z.object({ jobId: JobId, allowNewEnroll: z.boolean().default(false) }),
    JobDetail,
  ),
} as const

export const syncEvents = {
  /** Sync's status changed (a pass ended, online/offline, blocked). */
  'sync:status': SyncStatus,
} as const
