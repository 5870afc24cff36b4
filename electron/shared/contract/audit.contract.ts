/** Contract entries for reading and checking the audit trail (supervisors only). */
import { z } from 'zod'
import { entry } from './schema'

export const AuditEntry = z.object({
  seq: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  subject: z.string(),
  detail: z.record(z.string(), z.unknown()),
  hash: z.string(),
})
export type AuditEntry = z.infer<typeof AuditEntry>

export const AuditVerifyReport = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  head: z.object({ seq: z.number().int(), hash: z.string() }).nullable(),
  /** unverifiable: the audit key itself cannot be opened (another device key, or damaged). */
  anchor: z.enum(['ok', 'missing', 'mismatch', 'empty', 'unverifiable']),
  firstBad: z.object({ seq: z.number().int(), problem: z.string() }).nullable(),
})
export type AuditVerifyReport = z.infer<typeof AuditVerifyReport>

export const auditContract = {
  /** Newest first. */
  'audit:list': entry(
    z.object({
      limit: z.number().int().min(1).max(1000).default(100),
      beforeSeq: z.number().int().min(1).optional(),
      action: z.string().trim().min(1).max(64).optional(),
    }),
    z.array(AuditEntry),
  ),
  'audit:verify': entry(z.object({}), AuditVerifyReport),
} as const
