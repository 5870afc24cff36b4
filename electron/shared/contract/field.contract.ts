/**
 * Contract entries for field mode: capture guards (shown before staff start a capture), the ticket
 * that lets a started capture be saved, export to / import from a USB bundle, and field status.
 */
import { z } from 'zod'
import { JobType } from '../domain/job'
import { entry } from './schema'

export const GuardReason = z.object({
  code: z.enum(['disk_low', 'backlog_full', 'sync_overdue']),
  message: z.string(),
})

export const CaptureGuards = z.object({
  /** False: a new capture would be refused, for the reasons listed (show them before Start). */
  allowed: z.boolean(),
  reasons: z.array(GuardReason),
  /** Worth showing staff but not a refusal (e.g. the clock looks wrong). */
  warnings: z.array(z.string()),
  checkedAt: z.string(),
  freeDiskMb: z.number(),
  minFreeDiskMb: z.number(),
  /** Jobs not at the backend and not in an export bundle, and the limit (0: none). */
  backlog: z.number(),
  maxBacklog: z.number(),
  /** Jobs already carried out in a bundle but not yet confirmed by the backend. */
  exportedUnsent: z.number(),
  lastSyncAt: z.string().nullable(),
  maxDaysWithoutSync: z.number(),
})
export type CaptureGuards = z.infer<typeof CaptureGuards>

export const CaptureTicket = z.object({
  /** Pass as metadata.capture_ticket with jobs:capture: the save is then not refused by a limit. */
  ticket: z.string(),
  expiresAt: z.string(),
  guards: CaptureGuards,
})

const BundleSummary = z.object({
  bundleId: z.string(),
  file: z.string(),
  jobs: z.number(),
  bytes: z.number(),
  at: z.string(),
  deviceFingerprint: z.string(),
})

const KeyView = z.object({ publicKey: z.string(), fingerprint: z.string() })

export const ClockView = z.object({
  state: z.enum(['ok', 'corrected', 'unverified', 'wrong']),
  offsetMs: z.number().nullable(),
  findings: z.array(z.object({ code: z.string(), message: z.string() })),
  warning: z.string().nullable(),
  bootId: z.string(),
  uptimeSec: z.number(),
  wall: z.string(),
})

export const FieldStatus = z.object({
  /** This machine's bundle-signing key (laptop), once made. */
  deviceKey: KeyView.nullable(),
  /** Fingerprint of the recipient key bundles are encrypted for (laptop setting), if set. */
  recipientKeySet: z.string().nullable(),
  /** This machine's own recipient key (branch machine), if it has one. */
  recipientKey: KeyView.extend({ createdAt: z.string() }).nullable(),
  trustedDevices: z.number(),
  exports: z.object({ count: z.number(), recent: z.array(BundleSummary) }),
  imports: z.object({ count: z.number(), recent: z.array(BundleSummary) }),
  guards: CaptureGuards,
  clock: ClockView,
})
export type FieldStatus = z.infer<typeof FieldStatus>

export const ExportReport = z.object({
  /** The bundle written, or null when there was nothing to export. */
  file: z.string().nullable(),
  bundleId: z.string().nullable(),
  jobs: z.number(),
  images: z.number(),
  bytes: z.number(),
  jobIds: z.array(z.string()),
  deviceFingerprint: z.string(),
  recipientFingerprint: z.string(),
  alreadyExported: z.number(),
})

export const ImportReport = z.object({
  file: z.string(),
  bundleId: z.string(),
  device: z.object({ name: z.string(), fingerprint: z.string() }),
  bundleCreatedAt: z.string(),
  importedAt: z.string(),
  counts: z.object({ imported: z.number(), already_here: z.number(), conflict: z.number() }),
  jobs: z.array(
    z.object({
      jobId: z.string(),
      userId: z.string(),
      jobType: JobType,
      capturedAt: z.string(),
      fate: z.enum(['imported', 'already_here', 'conflict']),
      reason: z.string(),
    }),
  ),
})

const Path = z.string().trim().min(1, 'a path is needed').max(4096)

export const fieldContract = {
  /** Why a new capture would be refused right now (empty reasons: it would not be). */
  'capture:guards': entry(z.object({}), CaptureGuards),
  /** Staff start a capture: refused with the reasons, or a ticket for its final save. */
  'capture:begin': entry(z.object({}), CaptureTicket),
  'field:status': entry(z.object({}), FieldStatus),
  /** Write the jobs the backend has not got yet into one encrypted, signed bundle in `to`. */
  'field:export': entry(
    z.object({
      to: Path,
      /** ISO time: only jobs captured since. */
      since: z.iso.datetime().optional(),
      includeExported: z.boolean().default(false),
    }),
    ExportReport,
  ),
  /** Verify a bundle and queue its jobs for sync; refused whole, with the reason, if anything is off. */
  'field:import': entry(z.object({ file: Path }), ImportReport),
} as const
