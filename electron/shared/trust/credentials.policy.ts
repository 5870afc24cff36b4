/**
 * Sign-in rules, pure: how strong a PIN or password must be, when an account locks, when a
 * session ends. The staff service applies them; the tests read them as tables.
 */

export const MIN_SECRET_LENGTH = 6

/** Why `secret` may not be used, or null. A 6-digit PIN is the floor: 4 digits fall to guessing. */
export function secretProblem(secret: string): string | null {
  if (secret.length < MIN_SECRET_LENGTH) {
    return `a PIN or password has at least ${MIN_SECRET_LENGTH} characters`
  }
  if (/^(.)\1*$/.test(secret)) return 'a PIN or password may not repeat one character'
  if (/^\d+$/.test(secret) && isRun(secret)) {
    return 'a PIN may not be a run of digits such as 123456'
  }
  return null
}

function isRun(digits: string): boolean {
  const step = Number(digits[1]) - Number(digits[0])
  if (Math.abs(step) !== 1) return false
  for (let i = 1; i < digits.length; i++) {
    if (Number(digits[i]) - Number(digits[i - 1]) !== step) return false
  }
  return true
}

export interface LockState {
  failedAttempts: number
  /** ISO time; null when not locked. */
  lockedUntil: string | null
}

export interface LockoutRules {
  maxFailedAttempts: number
  lockoutMinutes: number
}

/** The account is locked now (until `lockedUntil`), or not. */
export function lockedUntil(state: LockState, now: Date): Date | null {
  if (state.lockedUntil === null) return null
  const until = new Date(state.lockedUntil)
  return until.getTime() > now.getTime() ? until : null
}

/**
 * After a wrong secret. Once the count reaches the limit the account locks; after the lock ends
 * the count stays at the limit, so the next wrong secret locks it again at once (no fresh five
 * guesses every quarter hour). Only a right secret, or a supervisor's unlock, resets the count.
 */
export function afterFailure(state: LockState, now: Date, rules: LockoutRules): LockState {
  const failedAttempts = Math.min(state.failedAttempts + 1, rules.maxFailedAttempts)
  if (failedAttempts < rules.maxFailedAttempts) return { failedAttempts, lockedUntil: null }
  const until = new Date(now.getTime() + rules.lockoutMinutes * 60_000)
  return { failedAttempts, lockedUntil: until.toISOString() }
}

export const afterSuccess = (): LockState => ({ failedAttempts: 0, lockedUntil: null })

/** A shift is at most this long: a session left open overnight does not survive to morning. */
export const MAX_SESSION_HOURS = 12

export type SessionCheck = { active: true } | { active: false; reason: string }

export function checkSession(
  s: { startedAt: Date; lastActivityAt: Date },
  now: Date,
  idleTimeoutSec: number,
): SessionCheck {
  const idleMs = now.getTime() - s.lastActivityAt.getTime()
  if (idleMs >= idleTimeoutSec * 1000) {
    return { active: false, reason: `signed out after ${describeSeconds(idleTimeoutSec)} idle` }
  }
  if (now.getTime() - s.startedAt.getTime() >= MAX_SESSION_HOURS * 3_600_000) {
    return { active: false, reason: `signed out after ${MAX_SESSION_HOURS} hours` }
  }
  return { active: true }
}

export function describeSeconds(sec: number): string {
  if (sec % 60 === 0) return `${sec / 60} min`
  return `${sec} s`
}
