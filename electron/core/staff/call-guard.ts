/**
 * The one gate every contract call passes after its input is validated: access by profile,
 * session and role (shared/trust/access.policy.ts), supervisor approval where the policy asks for
 * it, in-flight tracking for the update policy, and the audit entry for a successful change.
 * Enforced here, in the core, so a page that skips a screen gains nothing.
 */
import { AppError } from '../../shared/contract/result'
import { isSecretSetting, isSettingKey } from '../../shared/domain/settings.schema'
import {
  accessLevel,
  approvalNeeded,
  decideAccess,
  eventAccessLevel,
} from '../../shared/trust/access.policy'
import type { SupervisorApproval } from '../../shared/trust/approval.schema'
import { auditFactFor } from '../../shared/trust/audit.policy'
import type { AuditService } from '../audit/audit.service'
import type { SettingsService } from '../settings/settings.service'
import type { Activity } from './activity'
import type { Caller } from './caller'
import type { StaffService } from './staff.service'

export type CallGuard = (
  channel: string,
  input: unknown,
  caller: Caller,
  run: (caller: Caller) => Promise<unknown>,
) => Promise<unknown>

export interface CallGuardDeps {
  staff: StaffService
  audit: AuditService
  activity: Activity
  settings: SettingsService
  clock?: () => Date
}

/** A refused caller that keeps trying is recorded once a minute per call, not on every poll. */
const DENIAL_AUDIT_INTERVAL_MS = 60_000

export function createCallGuard(deps: CallGuardDeps): CallGuard {
  const lastDenial = new Map<string, number>()

  return async (channel, input, caller, run) => {
    const settings = deps.settings.read()
    const profile = settings['ui.profile']
    const session = caller.kind === 'renderer' ? deps.staff.session(caller) : undefined
    const setupMode = deps.staff.setupMode()
    const actor =
      caller.kind === 'operator'
        ? caller.actor
        : session !== undefined
          ? `${session.role}:${session.username}`
          : profile === 'self-service'
            ? 'customer'
            : setupMode
              ? 'anonymous (setup mode)'
              : 'anonymous'
    const who: Caller = { ...caller, actor }

    const decision = decideAccess({
      level: accessLevel(channel),
      caller: caller.kind,
      profile,
      setupMode,
      role: session?.role,
      endedBecause: deps.staff.endedReason(caller),
    })
    if (!decision.allowed) {
      recordDenial(who, channel, decision.message)
      throw new AppError(decision.code, decision.message)
    }

    const needs = caller.kind === 'renderer' && !setupMode ? approvalNeeded(channel, input) : null
    if (needs !== null) {
      const approval = (input as { approval?: SupervisorApproval }).approval
      if (approval === undefined) {
        throw new AppError(
          'forbidden',
          `a supervisor must approve this: to ${needs}, add a supervisor's name and PIN`,
        )
      }
      who.approvedBy = await deps.staff.approve(approval, needs, actor)
    }

    const key = channel === 'settings:set' ? (input as { key: string }).key : undefined
    const before = key !== undefined && isSettingKey(key) ? settings[key] : undefined
    let end: (() => void) | undefined
    if (channel === 'jobs:capture' || channel === 'liveness:failed') {
      end = deps.activity.begin('capture')
      if (caller.kind === 'renderer') deps.activity.touch()
    }
    let value: unknown
    try {
      value = await run(who)
    } finally {
      end?.()
    }

    const fact = auditFactFor({
      channel,
      input,
      output: value,
      before,
      isSecret: (k) => isSettingKey(k) && isSecretSetting(k),
    })
    if (fact !== null) {
      deps.audit.append({
        actor,
        action: fact.action,
        subject: fact.subject,
        detail:
          who.approvedBy === undefined
            ? fact.detail
            : { ...fact.detail, approvedBy: who.approvedBy },
      })
    }
    return value
  }

  function recordDenial(who: Caller, channel: string, reason: string): void {
    const k = `${who.id}|${channel}`
    const now = (deps.clock?.() ?? new Date()).getTime()
    const last = lastDenial.get(k)
    if (last !== undefined && now - last < DENIAL_AUDIT_INTERVAL_MS) return
    lastDenial.set(k, now)
    deps.audit.append({
      actor: who.actor,
      action: 'access.denied',
      subject: channel,
      detail: { reason },
    })
  }
}

/** Whether a page may hear a pushed event: the same decision as a call, without recording it. */
export function createEventGate(deps: Pick<CallGuardDeps, 'staff' | 'settings'>) {
  return (event: string, caller: Caller): boolean =>
    decideAccess({
      level: eventAccessLevel(event),
      caller: caller.kind,
      profile: deps.settings.read()['ui.profile'],
      setupMode: deps.staff.setupMode(),
      role: caller.kind === 'renderer' ? deps.staff.session(caller)?.role : undefined,
    }).allowed
}
