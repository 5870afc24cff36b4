/**
 * Contract entries for staff sign-in and accounts. The session belongs to the connection (the
 * window or socket the call came over), so no call carries a token. Who may call what is in
 * shared/trust/access.policy.ts.
 */
import { z } from 'zod'
import { Secret, StaffRole, Username } from '../trust/approval.schema'
import { entry } from './schema'

export const SessionView = z.object({
  signedIn: z.boolean(),
  username: z.string().nullable(),
  displayName: z.string().nullable(),
  role: StaffRole.nullable(),
  /** When the session ends if nothing happens (ISO), or null. */
  idleExpiresAt: z.string().nullable(),
  idleTimeoutSec: z.number().int(),
  /** No staff account exists yet: a staff desk is open to anyone until the first is created. */
  setupMode: z.boolean(),
  profile: z.enum(['staff', 'self-service']),
  /** Why the previous session ended on its own (idle, shift limit), shown once on the sign-in screen. */
  endedBecause: z.string().nullable(),
})
export type SessionView = z.infer<typeof SessionView>

export const StaffAccount = z.object({
  username: z.string(),
  displayName: z.string(),
  role: StaffRole,
  failedAttempts: z.number().int(),
  lockedUntil: z.string().nullable(),
  lastSignInAt: z.string().nullable(),
  createdAt: z.string(),
})
export type StaffAccount = z.infer<typeof StaffAccount>

const DisplayName = z.string().trim().min(1).max(128)

export const staffContract = {
  'staff:signIn': entry(z.object({ username: Username, secret: Secret }), SessionView),
  'staff:signOut': entry(z.object({}), SessionView),
  /** Who is signed in on this screen; also ends a session that has been idle too long. */
  'staff:session': entry(z.object({}), SessionView),
  /** The UI reports a person's input (throttled, e.g. every 30 s at most): resets the idle timer. */
  'staff:activity': entry(z.object({}), SessionView),
  'staff:list': entry(z.object({}), z.array(StaffAccount)),
  'staff:add': entry(
    z.object({
      username: Username,
      displayName: DisplayName.optional(),
      role: StaffRole,
      secret: Secret,
    }),
    StaffAccount,
  ),
  /** Your own PIN (with currentSecret), or anyone's as a supervisor. */
  'staff:passwd': entry(
    z.object({ username: Username, secret: Secret, currentSecret: Secret.optional() }),
    StaffAccount,
  ),
  'staff:remove': entry(z.object({ username: Username }), z.object({ removed: z.string() })),
  'staff:unlock': entry(z.object({ username: Username }), StaffAccount),
} as const
