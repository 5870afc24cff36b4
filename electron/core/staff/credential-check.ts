/**
 * Checks a name and PIN with lock-out: the one place a staff secret is compared. Sign-in,
 * supervisor approvals and "change my PIN" all come through here, so every wrong guess counts
 * against the same limit wherever it is typed.
 */
import { AppError } from '../../shared/contract/result'
import {
  afterFailure,
  afterSuccess,
  lockedUntil,
  type LockoutRules,
  type LockState,
} from '../../shared/trust/credentials.policy'
import type { AuditService } from '../audit/audit.service'
import { burnEquivalentTime, hashSecret, needsRehash, verifySecret } from './secret-hash'
import type { StaffRepo, StaffRow } from './staff.repo'

export interface CredentialDeps {
  repo: StaffRepo
  audit: AuditService
  pepper: () => Buffer
  rules: () => LockoutRules
  clock: () => Date
}

export type CredentialCheck = ReturnType<typeof createCredentialCheck>

export function createCredentialCheck(deps: CredentialDeps) {
  // Names nobody has: counted in memory so their answers look exactly like a real account's.
  const unknown = new Map<string, LockState>()
  // One check per name at a time: twenty guesses fired at once still meet the limit one by one.
  const queues = new Map<string, Promise<unknown>>()

  function serialised<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const key = name.toLowerCase()
    const run = (queues.get(key) ?? Promise.resolve()).then(fn, fn)
    const tail = run.catch(() => undefined)
    queues.set(key, tail)
    void tail.then(() => {
      if (queues.get(key) === tail) queues.delete(key)
    })
    return run
  }

  /**
   * Resolves with the account when `secret` is right; otherwise throws `forbidden` with a message
   * that says how many tries are left or until when the account is locked.
   */
  function check(
    username: string,
    secret: string,
    ctx: { actor: string; purpose: 'sign-in' | 'approval' | 'change of PIN' },
  ): Promise<StaffRow> {
    return serialised(username, async () => {
      const now = deps.clock()
      const rules = deps.rules()
      const row = deps.repo.get(username)
      const state: LockState = row
        ? { failedAttempts: row.failed_attempts, lockedUntil: row.locked_until }
        : (unknown.get(username.toLowerCase()) ?? afterSuccess())
      const until = lockedUntil(state, now)
      if (until !== null) {
        deps.audit.append({
          actor: ctx.actor,
          action: 'staff.sign_in_refused',
          subject: username,
          detail: { purpose: ctx.purpose, reason: 'locked', lockedUntil: until.toISOString() },
        })
        throw new AppError(
          'forbidden',
          `${username} is locked after ${rules.maxFailedAttempts} failed attempts; try again after ` +
            `${clockTime(until)} (in ${minutesUntil(until, now)} min) or ask a supervisor to unlock it`,
        )
      }
      const ok = row
        ? await verifySecret(deps.pepper(), secret, row.secret_hash)
        : (await burnEquivalentTime(deps.pepper(), secret), false)
      if (ok && row) {
        deps.repo.setLock(row.id, afterSuccess(), now.toISOString())
        if (needsRehash(row.secret_hash)) {
          deps.repo.setSecret(row.id, await hashSecret(deps.pepper(), secret), now.toISOString())
        }
        return row
      }
      const next = afterFailure(state, now, rules)
      if (row) deps.repo.setLock(row.id, next, now.toISOString())
      else unknown.set(username.toLowerCase(), next)
      const locked = next.lockedUntil !== null
      deps.audit.append({
        actor: ctx.actor,
        action: locked ? 'staff.locked_out' : 'staff.sign_in_failed',
        subject: username,
        detail: { purpose: ctx.purpose, failedAttempts: next.failedAttempts },
      })
      const left = rules.maxFailedAttempts - next.failedAttempts
      throw new AppError(
        'forbidden',
        locked
          ? `wrong name or PIN; after ${rules.maxFailedAttempts} failed attempts ${username} is locked ` +
              `until ${clockTime(new Date(next.lockedUntil ?? now))} (${rules.lockoutMinutes} min)`
          : `wrong name or PIN; ${left} more failed ${left === 1 ? 'attempt locks' : 'attempts lock'} ` +
              `${username} for ${rules.lockoutMinutes} min`,
      )
    })
  }

  return { check, forget: (username: string) => unknown.delete(username.toLowerCase()) }
}

/** Local wall-clock time, as staff read it off the screen's clock. */
const clockTime = (d: Date): string => d.toTimeString().slice(0, 5)
const minutesUntil = (d: Date, now: Date): number =>
  Math.max(1, Math.ceil((d.getTime() - now.getTime()) / 60_000))
