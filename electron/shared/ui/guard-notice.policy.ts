/**
 * What staff see about the capture guards before they press Start, pure. Refusals are the core's
 * own one-line reasons (the same words `capture:begin` would answer with); warnings are the core's
 * (e.g. the clock) plus "close to a limit" notices computed here from the same numbers, so staff
 * sync or export a day early instead of finding the kiosk refusing with a customer in front of it.
 */
import type { CaptureGuards } from '../contract/field.contract'

type RefusalCode = CaptureGuards['reasons'][number]['code']

export type GuardNotice =
  | { kind: 'refusal'; code: RefusalCode; message: string }
  | { kind: 'warning'; code: 'core'; message: string }
  | { kind: 'warning'; code: 'backlog_near'; backlog: number; max: number; left: number }
  | { kind: 'warning'; code: 'sync_due'; days: number; max: number; left: number }
  | { kind: 'warning'; code: 'disk_near'; free: number; min: number }

const DAY_MS = 86_400_000

/**
 * Close to a limit: within a quarter of it (at least one step), e.g. 375 of 500 jobs, 10 of 14
 * days, 2 of 3 jobs. A limit of 0 is "no limit"; at or over the limit it is a refusal instead.
 */
export function nearLimit(used: number, limit: number): boolean {
  if (limit <= 0 || used >= limit) return false
  return limit - used <= Math.max(1, Math.ceil(limit / 4))
}

/** Whole days from the last sync to when the guards were checked (null: never synced). */
export function daysSinceSync(g: Pick<CaptureGuards, 'lastSyncAt' | 'checkedAt'>): number | null {
  if (g.lastSyncAt === null) return null
  const ms = Date.parse(g.checkedAt) - Date.parse(g.lastSyncAt)
  return Number.isFinite(ms) ? Math.floor(Math.max(0, ms) / DAY_MS) : null
}

export function guardNotices(g: CaptureGuards): GuardNotice[] {
  const out: GuardNotice[] = g.reasons.map((r) => ({
    kind: 'refusal' as const,
    code: r.code,
    message: r.message,
  }))
  const refused = new Set(g.reasons.map((r) => r.code))
  if (!refused.has('backlog_full') && nearLimit(g.backlog, g.maxBacklog)) {
    out.push({
      kind: 'warning',
      code: 'backlog_near',
      backlog: g.backlog,
      max: g.maxBacklog,
      left: g.maxBacklog - g.backlog,
    })
  }
  const days = daysSinceSync(g)
  if (!refused.has('sync_overdue') && days !== null && nearLimit(days, g.maxDaysWithoutSync)) {
    out.push({
      kind: 'warning',
      code: 'sync_due',
      days,
      max: g.maxDaysWithoutSync,
      left: g.maxDaysWithoutSync - days,
    })
  }
  if (
    !refused.has('disk_low') &&
    g.minFreeDiskMb > 0 &&
    g.freeDiskMb >= g.minFreeDiskMb &&
    g.freeDiskMb < 2 * g.minFreeDiskMb
  ) {
    out.push({ kind: 'warning', code: 'disk_near', free: g.freeDiskMb, min: g.minFreeDiskMb })
  }
  for (const w of g.warnings) out.push({ kind: 'warning', code: 'core', message: w })
  return out
}
