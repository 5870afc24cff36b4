/**
 * Staff accounts and sessions. A session belongs to one connection (caller.id) and lives only in
 * memory: restarting the app signs everyone out, and no session token is ever stored or sent.
 */
import { AppError } from '../../shared/contract/result'
import type { SessionView, StaffAccount } from '../../shared/contract/staff.contract'
import type { Settings } from '../../shared/domain/settings.schema'
import type { StaffRole, SupervisorApproval } from '../../shared/trust/approval.schema'
import { checkSession, secretProblem } from '../../shared/trust/credentials.policy'
import type { AuditService } from '../audit/audit.service'
import { trustKey } from '../audit/trust-keys.repo'
import type { Keyring } from '../crypto/keyring'
import type { Db } from '../store/database'
import type { Caller } from './caller'
import { createCredentialCheck } from './credential-check'
import { hashSecret } from './secret-hash'
import { createStaffRepo, type StaffRow } from './staff.repo'

export interface StaffSession {
  username: string
  displayName: string
  role: StaffRole
  startedAt: Date
  lastActivityAt: Date
}

export interface StaffDeps {
  db: Db
  keyring: Keyring
  audit: AuditService
  settings: () => Settings
  clock: () => Date
}

export type StaffService = ReturnType<typeof createStaffService>

export function createStaffService(deps: StaffDeps) {
  const repo = createStaffRepo(deps.db)
  const now = () => deps.clock()
  let pepperKey: Buffer | undefined
  const pepper = () =>
    (pepperKey ??= trustKey(deps.db, deps.keyring, 'staff-pepper', () => now().toISOString()))
  const credentials = createCredentialCheck({
    repo,
    audit: deps.audit,
    pepper,
    clock: now,
    rules: () => ({
      maxFailedAttempts: deps.settings()['staff.maxFailedAttempts'],
      lockoutMinutes: deps.settings()['staff.lockoutMinutes'],
    }),
  })
  const sessions = new Map<string, StaffSession>()
  const endedBecause = new Map<string, string>()

  function end(callerId: string, actor: string, reason: string): void {
    const s = sessions.get(callerId)
    if (s === undefined) return
    sessions.delete(callerId)
    deps.audit.append({
      actor,
      action: 'staff.signed_out',
      subject: s.username,
      detail: { reason },
    })
  }

  /** The caller's live session; an expired one is ended (and audited) here. */
  function session(caller: Caller): StaffSession | undefined {
    const s = sessions.get(caller.id)
    if (s === undefined) return undefined
    const check = checkSession(s, now(), deps.settings()['staff.idleTimeoutSec'])
    if (check.active) return s
    end(caller.id, `${s.role}:${s.username}`, check.reason)
    endedBecause.set(caller.id, check.reason)
    return undefined
  }

  function view(caller: Caller): SessionView {
    const s = session(caller)
    const settings = deps.settings()
    const idle = settings['staff.idleTimeoutSec']
    return {
      signedIn: s !== undefined,
      username: s?.username ?? null,
      displayName: s?.displayName ?? null,
      role: s?.role ?? null,
      idleExpiresAt: s ? new Date(s.lastActivityAt.getTime() + idle * 1000).toISOString() : null,
      idleTimeoutSec: idle,
      setupMode: repo.count() === 0,
      profile: settings['ui.profile'],
      endedBecause: s ? null : (endedBecause.get(caller.id) ?? null),
    }
  }

  async function signIn(caller: Caller, username: string, secret: string): Promise<SessionView> {
    if (caller.kind === 'renderer' && deps.settings()['ui.profile'] === 'self-service') {
      deps.audit.append({
        actor: caller.actor,
        action: 'staff.sign_in_refused',
        subject: username,
        detail: { reason: 'self-service terminal' },
      })
      throw new AppError('forbidden', 'staff cannot sign in on a self-service terminal')
    }
    const row = await credentials.check(username, secret, {
      actor: caller.actor,
      purpose: 'sign-in',
    })
    const at = now()
    end(caller.id, caller.actor, 'another sign-in on the same screen')
    sessions.set(caller.id, {
      username: row.username,
      displayName: row.display_name,
      role: row.role,
      startedAt: at,
      lastActivityAt: at,
    })
    endedBecause.delete(caller.id)
    repo.signedIn(row.id, at.toISOString())
    deps.audit.append({
      actor: `${row.role}:${row.username}`,
      action: 'staff.signed_in',
      subject: row.username,
    })
    return view(caller)
  }

  /** Checks a supervisor credential presented with a call; resolves with the supervisor's name. */
  async function approve(
    approval: SupervisorApproval,
    what: string,
    actor: string,
  ): Promise<string> {
    let row: StaffRow
    try {
      row = await credentials.check(approval.username, approval.secret, {
        actor,
        purpose: 'approval',
      })
    } catch (err) {
      if (err instanceof AppError) {
        throw new AppError('forbidden', `supervisor approval refused: ${err.message}`)
      }
      throw err
    }
    if (row.role !== 'supervisor') {
      throw new AppError(
        'forbidden',
        `supervisor approval refused: ${row.username} is not a supervisor`,
      )
    }
    deps.audit.append({ actor, action: 'staff.approved', subject: row.username, detail: { what } })
    return row.username
  }

  async function add(
    input: { username: string; displayName?: string | undefined; role: StaffRole; secret: string },
    actor: string,
  ): Promise<StaffAccount> {
    const problem = secretProblem(input.secret)
    if (problem !== null) throw new AppError('invalid_input', problem)
    if (input.role !== 'supervisor' && repo.supervisorCount() === 0) {
      throw new AppError(
        'invalid_input',
        'create a supervisor first, so someone can approve and unlock',
      )
    }
    if (repo.get(input.username) !== undefined) {
      throw new AppError('conflict', `a staff account named ${input.username} already exists`)
    }
    const hash = await hashSecret(pepper(), input.secret)
    repo.transaction(() => {
      repo.insert(
        { ...input, displayName: input.displayName ?? input.username, hash },
        now().toISOString(),
      )
      deps.audit.append({
        actor,
        action: 'staff.added',
        subject: input.username,
        detail: { role: input.role },
      })
    })
    credentials.forget(input.username)
    return toView(requireRow(input.username))
  }

  async function passwd(
    caller: Caller,
    input: { username: string; secret: string; currentSecret?: string | undefined },
  ): Promise<StaffAccount> {
    const target = requireRow(input.username)
    const problem = secretProblem(input.secret)
    if (problem !== null) throw new AppError('invalid_input', problem)
    if (caller.kind === 'renderer') {
      const s = session(caller)
      const own = s?.username.toLowerCase() === target.username.toLowerCase()
      if (own) {
        if (input.currentSecret === undefined) {
          throw new AppError('invalid_input', 'enter your current PIN to change it')
        }
        await credentials.check(target.username, input.currentSecret, {
          actor: caller.actor,
          purpose: 'change of PIN',
        })
      } else if (s?.role !== 'supervisor' && repo.count() > 0) {
        throw new AppError('forbidden', "only a supervisor may change someone else's PIN")
      }
    }
    const hash = await hashSecret(pepper(), input.secret)
    repo.transaction(() => {
      repo.setSecret(target.id, hash, now().toISOString())
      deps.audit.append({
        actor: caller.actor,
        action: 'staff.secret_changed',
        subject: target.username,
      })
    })
    return toView(requireRow(target.username))
  }

  function remove(caller: Caller, username: string): { removed: string } {
    const target = requireRow(username)
    const me = caller.kind === 'renderer' ? session(caller)?.username : undefined
    if (me !== undefined && me.toLowerCase() === target.username.toLowerCase()) {
      throw new AppError(
        'invalid_input',
        'you cannot remove your own account; ask another supervisor',
      )
    }
    if (target.role === 'supervisor' && repo.supervisorCount() === 1 && repo.count() > 1) {
      throw new AppError(
        'invalid_input',
        'this is the last supervisor; add another supervisor first',
      )
    }
    repo.transaction(() => {
      repo.remove(target.id)
      deps.audit.append({ actor: caller.actor, action: 'staff.removed', subject: target.username })
    })
    for (const [id, s] of sessions) {
      if (s.username === target.username) end(id, caller.actor, 'account removed')
    }
    return { removed: target.username }
  }

  function unlock(caller: Caller, username: string): StaffAccount {
    const target = requireRow(username)
    repo.transaction(() => {
      repo.setLock(target.id, { failedAttempts: 0, lockedUntil: null }, now().toISOString())
      deps.audit.append({ actor: caller.actor, action: 'staff.unlocked', subject: target.username })
    })
    return toView(requireRow(username))
  }

  function requireRow(username: string): StaffRow {
    const row = repo.get(username)
    if (row === undefined) throw new AppError('not_found', `no staff account named ${username}`)
    return row
  }

  return {
    session,
    view,
    signIn,
    signOut(caller: Caller): SessionView {
      end(caller.id, caller.actor, 'signed out')
      endedBecause.delete(caller.id)
      return view(caller)
    },
    /** A person touched the screen: the idle timer starts again. */
    activity(caller: Caller): SessionView {
      const s = session(caller)
      if (s) s.lastActivityAt = now()
      return view(caller)
    },
    approve,
    add,
    passwd,
    remove,
    unlock,
    list: (): StaffAccount[] => repo.list().map(toView),
    setupMode: () => repo.count() === 0,
    endedReason: (caller: Caller): string | undefined => endedBecause.get(caller.id),
    /** The connection is gone (window closed, socket dropped): its session ends with it. */
    disconnect(caller: Caller): void {
      end(caller.id, caller.actor, 'screen closed')
      endedBecause.delete(caller.id)
    },
  }
}

const toView = (r: StaffRow): StaffAccount => ({
  username: r.username,
  displayName: r.display_name,
  role: r.role,
  failedAttempts: r.failed_attempts,
  lockedUntil: r.locked_until,
  lastSignInAt: r.last_sign_in_at,
  createdAt: r.created_at,
})
