/**
 * When a new capture is refused, and why, in words staff can act on. Pure. Checked when staff
 * START a capture (`capture:guards`, `capture:begin`), never in the middle of one: a capture that
 * was allowed to start is saved unless the disk is truly full (HARD_DISK_FLOOR_MB).
 * The rules follow MOSIP's registration-client freeze rules (free disk, too many packets waiting,
 * too long without a sync), with each limit a setting.
 */

export interface GuardInputs {
  freeDiskMb: number
  /** thresholds.minFreeDiskMb; 0 switches the rule off. */
  minFreeDiskMb: number
  /** Jobs the backend has not got yet and that are not in an export bundle either. */
  backlog: number
  /** field.maxBacklog; 0 switches the rule off. */
  maxBacklog: number
  /** Last time sync reached the backend, or null if never. */
  lastSyncAtMs: number | null
  /** When this kiosk's store was set up: the clock starts there if it never synced. */
  sinceMs: number
  nowMs: number
  /** field.maxDaysWithoutSync; 0 switches the rule off. */
  maxDaysWithoutSync: number
}

export type GuardCode = 'disk_low' | 'backlog_full' | 'sync_overdue'

export interface GuardReason {
  code: GuardCode
  message: string
}

/** Below this, even a capture that was allowed to start cannot be saved safely. */
export const HARD_DISK_FLOOR_MB = 32

const DAY_MS = 86_400_000
const PLAUSIBLE_FROM = Date.UTC(2020, 0, 1)
const PLAUSIBLE_TO = Date.UTC(2100, 0, 1)
const plausible = (ms: number): boolean => ms >= PLAUSIBLE_FROM && ms < PLAUSIBLE_TO

export function captureRefusals(i: GuardInputs): GuardReason[] {
  const out: GuardReason[] = []
  if (i.minFreeDiskMb > 0 && i.freeDiskMb < i.minFreeDiskMb) {
    out.push({ code: 'disk_low', message: diskMessage(i.freeDiskMb, i.minFreeDiskMb) })
  }
  if (i.maxBacklog > 0 && i.backlog >= i.maxBacklog) {
    out.push({
      code: 'backlog_full',
      message:
        `${i.backlog} job${i.backlog === 1 ? ' is' : 's are'} waiting for the backend and this kiosk may hold at most ` +
        `${i.maxBacklog} unsent (field.maxBacklog): sync, or export them with \`kiosk export\`, ` +
        'before capturing more',
    })
  }
  const since = i.lastSyncAtMs ?? i.sinceMs
  // A clock outside any plausible date (a forged Date header, a dead RTC battery) says nothing about
  // how long the kiosk has been offline; the clock warning reports it, this rule stays out of it.
  if (i.maxDaysWithoutSync > 0 && plausible(i.nowMs) && plausible(since)) {
    const days = Math.floor(Math.max(0, i.nowMs - since) / DAY_MS)
    if (days >= i.maxDaysWithoutSync) {
      const when =
        i.lastSyncAtMs === null
          ? `has not reached the backend since it was set up ${days} days ago`
          : `last reached the backend ${days} days ago`
      out.push({
        code: 'sync_overdue',
        message:
          `this kiosk ${when} (${day(since)}) and may go at most ${i.maxDaysWithoutSync} ` +
          '(field.maxDaysWithoutSync): connect it and sync to refresh its settings and keys ' +
          'before capturing more',
      })
    }
  }
  return out
}

/** The final save of an allowed capture: refused only when the disk is truly full. */
export function saveRefusal(freeDiskMb: number, minFreeDiskMb: number): GuardReason | null {
  const floor = Math.min(HARD_DISK_FLOOR_MB, minFreeDiskMb)
  if (floor <= 0 || freeDiskMb >= floor) return null
  return {
    code: 'disk_low',
    message:
      `the disk is full: ${freeDiskMb} MB free where the kiosk stores jobs, at least ${floor} MB ` +
      'are needed to save this capture safely; free up space and save it again',
  }
}

/** One line for a refusal: a single reason as it is, several joined. */
export function refusalMessage(reasons: readonly GuardReason[]): string {
  if (reasons.length === 1) return reasons[0]?.message ?? ''
  return `new captures are refused: ${reasons.map((r) => r.message).join('; ')}`
}

function diskMessage(free: number, min: number): string {
  return (
    `not enough free disk space to save a capture: ${free} MB free where the kiosk stores ` +
    `jobs, at least ${min} MB needed (thresholds.minFreeDiskMb); sync and purge finished ` +
    'jobs or free up space'
  )
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10)
