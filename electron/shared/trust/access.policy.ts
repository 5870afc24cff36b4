/**
 * Who may make which contract call. Pure: the core's call guard asks this on every call from a
 * renderer (Electron window or browser-host socket); the CLI runs as the local operator.
 *
 * Levels:
 * - public:     anyone, always (reading non-secret settings, signing in).
 * - customer:   what a customer does alone at a self-service terminal (capturing a job); at a
 *               staff desk it needs a signed-in member of staff, so every capture has a name.
 * - staff:      a signed-in member of staff (or supervisor), never on a self-service terminal.
 * - supervisor: a signed-in supervisor.
 * A channel absent from the table is `staff`: a new call is closed until someone opens it.
 */
import type { StaffRole } from './approval.schema'

export type AccessLevel = 'public' | 'customer' | 'staff' | 'supervisor'
export type Profile = 'staff' | 'self-service'

export const CHANNEL_ACCESS: Readonly<Record<string, AccessLevel>> = {
  'settings:get': 'public',
  'staff:signIn': 'public',
  'staff:signOut': 'public',
  'staff:session': 'public',
  'staff:activity': 'public',
  'jobs:capture': 'customer',
  // The customer flow: is this id enrolled here; store a failed active-liveness session as failed.
  'users:lookup': 'customer',
  // Warms the face engine while the customer types; starts nothing else.
  'capture:prepare': 'customer',
  'liveness:failed': 'customer',
  // Reading the customer's own document during capture (fills the id from the MRZ); stores nothing.
  'documents:read': 'customer',
  // Field mode: why a capture would be refused, and its start ticket, are part of the capture flow.
  'capture:guards': 'customer',
  'capture:begin': 'customer',
  'sync:status': 'staff',
  'sync:run': 'staff',
  'jobs:retry': 'staff',
  'system:info': 'staff',
  'jobs:list': 'staff',
  'jobs:get': 'staff',
  'settings:set': 'staff',
  'staff:passwd': 'staff',
  'jobs:purge': 'staff',
  'jobs:delete': 'staff',
  // Export / import of USB bundles: the bundle's signer is trusted by the operator (CLI) only.
  'field:status': 'staff',
  'field:export': 'staff',
  'field:import': 'staff',
  'staff:list': 'supervisor',
  'staff:add': 'supervisor',
  'staff:remove': 'supervisor',
  'staff:unlock': 'supervisor',
  'audit:list': 'supervisor',
  'audit:verify': 'supervisor',
}

/**
 * Who may hear which pushed event, with the same levels; an event absent from the table is staff.
 * `jobs:changed` carries only a random job id and a state (the self-service home refreshes its
 * capture readiness on it); `sync:status` names the backend and the queue: staff only.
 */
export const EVENT_ACCESS: Readonly<Record<string, AccessLevel>> = {
  'jobs:changed': 'customer',
  'sync:status': 'staff',
}

export const eventAccessLevel = (event: string): AccessLevel =>
  Object.hasOwn(EVENT_ACCESS, event) ? (EVENT_ACCESS[event] ?? 'staff') : 'staff'

export const accessLevel = (channel: string): AccessLevel =>
  Object.hasOwn(CHANNEL_ACCESS, channel) ? (CHANNEL_ACCESS[channel] ?? 'staff') : 'staff'

export interface AccessQuery {
  level: AccessLevel
  /** The local operator (CLI) owns the machine and its key file: nothing is refused to it. */
  caller: 'operator' | 'renderer'
  profile: Profile
  /** No staff account exists yet (fresh install): a staff desk is open until the first is made. */
  setupMode: boolean
  /** The renderer's signed-in role, if any. */
  role: StaffRole | undefined
  /** Why the last session ended, when it ended on its own (idle, shift limit). */
  endedBecause?: string | undefined
}

export type AccessDecision =
  { allowed: true } | { allowed: false; code: 'unauthenticated' | 'forbidden'; message: string }

export function decideAccess(q: AccessQuery): AccessDecision {
  if (q.caller === 'operator' || q.level === 'public') return { allowed: true }
  if (q.profile === 'self-service') {
    if (q.level === 'customer') return { allowed: true }
    return {
      allowed: false,
      code: 'forbidden',
      message: 'staff functions are not available on a self-service terminal',
    }
  }
  if (q.setupMode) return { allowed: true }
  if (q.role === undefined) {
    return {
      allowed: false,
      code: 'unauthenticated',
      message:
        q.endedBecause === undefined
          ? 'sign in as staff first'
          : `${q.endedBecause}; sign in again`,
    }
  }
  if (q.level === 'supervisor' && q.role !== 'supervisor') {
    return { allowed: false, code: 'forbidden', message: 'only a supervisor may do this' }
  }
  return { allowed: true }
}

/**
 * Settings a member of staff may change alone: the device and the screen. Everything else —
 * backend and relay (where biometrics and results go), thresholds and capture rules (fraud),
 * retention, staff and profile rules (security) — needs a supervisor's approval. Closed by default:
 * a new setting needs approval until it is listed here.
 */
const STAFF_SETTINGS = /^(camera\.|scanner\.|ui\.language$|ui\.idleTimeoutSec$)/

export const settingNeedsApproval = (key: string): boolean => !STAFF_SETTINGS.test(key)

/** What a call needs a supervisor's approval for, or null. */
export function approvalNeeded(channel: string, input: unknown): string | null {
  if (channel === 'jobs:delete') return 'delete a job'
  if (channel === 'settings:set') {
    const key = (input as { key?: unknown } | null)?.key
    if (typeof key === 'string' && settingNeedsApproval(key)) return `change ${key}`
  }
  return null
}
