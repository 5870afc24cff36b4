/**
 * Capture guards, checked when a capture STARTS: `capture:guards` lists why a new capture would be
 * refused (the UI shows it before staff press Start), `capture:begin` checks them and hands out a
 * ticket. The final save (`jobs:capture`) with a valid ticket is refused only for a truly full
 * disk, never for a limit crossed while the customer was in front of the camera; without a ticket
 * (the CLI, or a UI that did not ask) the guards are checked at the save, which is then the start.
 * `stamp` writes the capture clock and the validated location into the job's metadata.
 */
import { randomUUID } from 'node:crypto'
import type { CaptureInput } from '../../shared/contract/contract'
import { AppError } from '../../shared/contract/result'
import {
  captureRefusals,
  refusalMessage,
  saveRefusal,
  type GuardReason,
} from '../../shared/field/capture-guards.policy'
import { storedLocation } from '../../shared/field/capture-metadata'
import type { ClockReading } from '../../shared/field/clock.policy'
import { freeDiskMb as measureFreeDisk, type StatFs } from '../retention/disk-guard'
import type { SettingsService } from '../settings/settings.service'
import type { FieldClock } from './clock.service'
import type { FieldRepo } from './field.repo'

export interface GuardsView {
  allowed: boolean
  reasons: GuardReason[]
  /** Not a reason to refuse, but staff should know (e.g. the clock looks wrong). */
  warnings: string[]
  checkedAt: string
  freeDiskMb: number
  minFreeDiskMb: number
  backlog: number
  maxBacklog: number
  exportedUnsent: number
  lastSyncAt: string | null
  maxDaysWithoutSync: number
}

export interface Ticket {
  ticket: string
  expiresAt: string
  guards: GuardsView
}

/** A capture (with active liveness, a document, a slow customer) fits well inside this. */
const TICKET_TTL_MS = 2 * 3_600_000

export interface GuardsDeps {
  repo: FieldRepo
  settings: SettingsService
  clock: FieldClock
  dataDir: string
  now: () => Date
  statfs?: StatFs
}

export type CaptureGuards = ReturnType<typeof createCaptureGuards>

export function createCaptureGuards(d: GuardsDeps) {
  const tickets = new Map<string, { expires: number; start: ClockReading }>()
  const since = d.now().toISOString()
  d.repo.initState('since', since, since)

  const free = () => (d.statfs ? measureFreeDisk(d.dataDir, d.statfs) : measureFreeDisk(d.dataDir))

  function guards(): GuardsView {
    const s = d.settings.read()
    const now = d.now()
    const clock = d.clock.assess()
    const lastSync = d.repo.syncState('last_online_at') ?? null
    const view = {
      freeDiskMb: free(),
      minFreeDiskMb: s['thresholds.minFreeDiskMb'],
      backlog: d.repo.backlog(),
      maxBacklog: s['field.maxBacklog'],
      exportedUnsent: d.repo.exportedUnsent(),
      lastSyncAt: lastSync,
      maxDaysWithoutSync: s['field.maxDaysWithoutSync'],
    }
    const reasons = captureRefusals({
      ...view,
      lastSyncAtMs: lastSync === null ? null : Date.parse(lastSync),
      sinceMs: Date.parse(d.repo.state('since') ?? since),
      // Days without sync count on the corrected clock when the backend's time is known.
      nowMs: now.getTime() + (clock.offsetMs ?? 0),
    })
    return {
      allowed: reasons.length === 0,
      reasons,
      warnings: clock.warning === null ? [] : [clock.warning],
      checkedAt: now.toISOString(),
      ...view,
    }
  }

  function refuse(reasons: GuardReason[]): never {
    const only = reasons.length === 1 ? reasons[0] : undefined
    throw new AppError(only?.code === 'disk_low' ? 'storage' : 'forbidden', refusalMessage(reasons))
  }

  function begin(): Ticket {
    const g = guards()
    if (!g.allowed) refuse(g.reasons)
    const now = d.now().getTime()
    for (const [k, t] of tickets) if (t.expires < now) tickets.delete(k)
    const ticket = randomUUID()
    tickets.set(ticket, { expires: now + TICKET_TTL_MS, start: d.clock.reading() })
    return { ticket, expiresAt: new Date(now + TICKET_TTL_MS).toISOString(), guards: g }
  }

  function validTicket(input: CaptureInput): { start: ClockReading } | null {
    const t = input.metadata?.capture_ticket
    const found = typeof t === 'string' ? tickets.get(t) : undefined
    return found !== undefined && found.expires >= d.now().getTime() ? found : null
  }

  /** The capture service's guard, run before any work on a save. */
  function guardSave(input: CaptureInput): void {
    if (validTicket(input) !== null) {
      const floor = saveRefusal(free(), d.settings.read()['thresholds.minFreeDiskMb'])
      if (floor !== null) refuse([floor])
      return
    }
    const g = guards()
    if (!g.allowed) refuse(g.reasons)
  }

  /** The metadata stored with the job: as sent, plus the capture clock and the location checked. */
  function stamp(input: CaptureInput): Record<string, unknown> {
    const { capture_ticket: ticketId, location, ...rest } = input.metadata ?? {}
    const started = validTicket(input)
    if (typeof ticketId === 'string') tickets.delete(ticketId)
    // No sample is written here: a save that still fails must leave the store as it was (the
    // sample is recorded once the job is saved, see field.services).
    const { reading, assessment } = d.clock.look()
    return {
      ...rest,
      ...(location === undefined ? {} : { location: storedLocation(location, reading.wallMs) }),
      capture_clock: {
        boot_id: reading.bootId,
        uptime_ms: reading.uptimeMs,
        wall: new Date(reading.wallMs).toISOString(),
        ...(started === null
          ? {}
          : {
              started: {
                uptime_ms: started.start.uptimeMs,
                wall: new Date(started.start.wallMs).toISOString(),
              },
            }),
        clock: assessment.state,
        ...(assessment.offsetMs === null ? {} : { offset_ms: Math.round(assessment.offsetMs) }),
      },
    }
  }

  return { guards, begin, guardSave, stamp }
}
