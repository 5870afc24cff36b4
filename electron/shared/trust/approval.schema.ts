/** Staff roles and the supervisor credential that travels with a call needing approval. */
import { z } from 'zod'

export const STAFF_ROLES = ['staff', 'supervisor'] as const
export const StaffRole = z.enum(STAFF_ROLES, { message: 'role is "staff" or "supervisor"' })
export type StaffRole = z.infer<typeof StaffRole>

export const Username = z
  .string()
  .trim()
  .min(2, { message: 'a staff name has at least 2 characters', abort: true })
  .max(64, 'a staff name has at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._@-]*$/, 'a staff name may use letters, digits and . _ @ -')

/** A PIN or password as typed; never trimmed (a space may be part of it), never stored. */
export const Secret = z
  .string()
  .min(1, 'enter the PIN or password')
  .max(128, 'at most 128 characters')

/**
 * A supervisor's name and PIN presented with the request itself (maker-checker): the core checks
 * it on this call only, so an approval cannot be replayed for another action.
 */
export const SupervisorApproval = z.object({ username: Username, secret: Secret })
export type SupervisorApproval = z.infer<typeof SupervisorApproval>
