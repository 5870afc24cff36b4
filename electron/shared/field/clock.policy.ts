/**
 * Is the wall clock right? Pure. Request signatures carry the wall-clock time, so a laptop whose
 * clock jumped (set by hand, a flat clock battery, a bad NTP step) fails every request with 2205.
 * The kiosk keeps samples of (wall clock, time since boot) — time since boot is not moved by
 * setting the clock — and the backend's time whenever sync saw it (HTTP Date). From those:
 * - backend time seen on this boot: the true time now is that time plus the uptime since, so the
 *   clock's error is known without any network, and signatures can be corrected before sending;
 * - otherwise, a wall clock that moved against uptime since this boot began has jumped (which
 *   reading is right cannot be told offline: sync checks it against the backend first);
 * - a clock that reads earlier than the kiosk's last run, or an implausible year, was reset.
 */

export interface ClockReading {
  /** Identifies this boot of the machine (Linux boot_id); samples compare only within a boot. */
  bootId: string
  /** Milliseconds since boot, including suspend. */
  uptimeMs: number
  /** Wall-clock time, ms since the epoch. */
  wallMs: number
}

export interface ClockSample extends ClockReading {
  /** The backend's time at this sample (ms), when sync measured it. */
  serverMs: number | null
}

export interface ClockHistory {
  /** The first sample taken on this boot: the reference for jumps. */
  firstThisBoot: ClockSample | null
  /** The latest sample of this boot that carries the backend's time. */
  anchorThisBoot: ClockSample | null
  /** The latest sample of any earlier boot. */
  lastEarlierBoot: ClockSample | null
}

export interface ClockLimits {
  /** A wall clock that moved this much against uptime has jumped. */
  jumpMs: number
  /** A clock this far from the backend's is flagged (it is corrected for signatures anyway). */
  skewMs: number
  /** No real clock reads earlier than this (the app did not exist): the clock was reset. */
  minPlausibleMs: number
}

export const CLOCK_LIMITS: ClockLimits = {
  jumpMs: 2 * 60_000,
  skewMs: 5 * 60_000,
  minPlausibleMs: Date.UTC(2025, 0, 1),
}

/** ok; corrected: wrong but its error is known; unverified: it jumped; wrong: it was reset. */
export type ClockState = 'ok' | 'corrected' | 'unverified' | 'wrong'

export interface ClockFinding {
  code: 'clock_skew' | 'clock_jumped' | 'clock_went_back' | 'clock_unset'
  message: string
}

export interface ClockAssessment {
  state: ClockState
  /** Estimated true time minus the wall clock (ms), when the backend's time is known this boot. */
  offsetMs: number | null
  findings: ClockFinding[]
  /** One line for staff (doctor, sync status), or null when nothing is wrong. */
  warning: string | null
}

const RANK: Record<ClockState, number> = { ok: 0, corrected: 1, unverified: 2, wrong: 3 }

export function assessClock(
  now: ClockReading,
  h: ClockHistory,
  limits: ClockLimits = CLOCK_LIMITS,
): ClockAssessment {
  const findings: ClockFinding[] = []
  let state: ClockState = 'ok'
  let offsetMs: number | null = null
  const raise = (s: ClockState, f: ClockFinding) => {
    findings.push(f)
    if (RANK[s] > RANK[state]) state = s
  }

  const anchor = h.anchorThisBoot
  if (anchor !== null && anchor.serverMs !== null && anchor.bootId === now.bootId) {
    const trueNow = anchor.serverMs + (now.uptimeMs - anchor.uptimeMs)
    offsetMs = trueNow - now.wallMs
    if (Math.abs(offsetMs) >= limits.skewMs) {
      raise('corrected', {
        code: 'clock_skew',
        message: `this device's clock is ${duration(offsetMs)} ${offsetMs > 0 ? 'behind' : 'ahead of'} the backend's (measured by sync ${duration(now.uptimeMs - anchor.uptimeMs)} ago); signatures use the backend's time — set the clock right`,
      })
    }
    return done(state, offsetMs, findings)
  }

  if (now.wallMs < limits.minPlausibleMs) {
    raise('wrong', {
      code: 'clock_unset',
      message: `the clock reads ${iso(now.wallMs)}, which cannot be right: set the date and time before syncing`,
    })
  }
  const first = h.firstThisBoot
  if (first !== null && first.bootId === now.bootId) {
    const moved = now.wallMs - now.uptimeMs - (first.wallMs - first.uptimeMs)
    if (Math.abs(moved) >= limits.jumpMs) {
      raise('unverified', {
        code: 'clock_jumped',
        message: `the clock was moved ${duration(moved)} ${moved > 0 ? 'forward' : 'back'} since ${iso(first.wallMs)} (this boot); sync checks it against the backend before signing anything`,
      })
    }
  }
  const last = h.lastEarlierBoot
  if (last !== null && last.bootId !== now.bootId) {
    const floor = Math.max(last.wallMs, last.serverMs ?? 0)
    if (now.wallMs < floor - limits.jumpMs) {
      raise('wrong', {
        code: 'clock_went_back',
        message: `the clock reads ${iso(now.wallMs)}, earlier than ${iso(floor)} when the kiosk last ran: it was reset (a flat clock battery?); set the date and time`,
      })
    }
  }
  return done(state, offsetMs, findings)
}

function done(state: ClockState, offsetMs: number | null, findings: ClockFinding[]) {
  const warning =
    findings.length === 0 ? null : `Clock: ${findings.map((f) => f.message).join('; ')}`
  return { state, offsetMs, findings, warning }
}

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z')

/** "45 s", "12 min", "3 h 5 min", "2 d 4 h": the size of a difference, sign dropped. */
export function duration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000)
  if (s < 60) return `${s} s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m} min`
  const h = Math.floor(m / 60)
  if (h < 48) return m % 60 === 0 ? `${h} h` : `${h} h ${m % 60} min`
  const d = Math.floor(h / 24)
  return h % 24 === 0 ? `${d} d` : `${d} d ${h % 24} h`
}
