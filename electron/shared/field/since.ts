/**
 * `--since` for exports: a date (2026-11-20), a date and time (2026-11-20T08:00:00Z), or an age
 * (36h, 7d, 90m). Pure: the caller passes the clock. Returns an ISO timestamp or a reason.
 */
export type SinceParse = { ok: true; iso: string } | { ok: false; reason: string }

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 }

export function parseSince(text: string, now: Date): SinceParse {
  const t = text.trim()
  const age = /^(\d{1,5})([mhd])$/.exec(t)
  if (age !== null) {
    const ms = Number(age[1]) * (UNIT_MS[age[2] ?? 'd'] ?? 0)
    return { ok: true, iso: new Date(now.getTime() - ms).toISOString() }
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(t)) {
    const ms = Date.parse(`${t}T00:00:00Z`)
    if (!Number.isNaN(ms)) return { ok: true, iso: new Date(ms).toISOString() }
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/.test(t)) {
    const ms = Date.parse(t)
    if (!Number.isNaN(ms)) return { ok: true, iso: new Date(ms).toISOString() }
  }
  return {
    ok: false,
    reason: `--since: expected a date (2026-11-20), a date and time with zone (2026-11-20T08:00Z) or an age (36h, 7d), got "${t}"`,
  }
}
