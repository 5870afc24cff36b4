/**
 * When to try again. Pure: the caller passes the dice. "Equal jitter" (half fixed, half random)
 * spreads a fleet of kiosks that lost the network together without ever retrying at once, which
 * full jitter can do, so a backend that just came back is not hammered.
 */

export interface BackoffOptions {
  baseMs: number
  capMs: number
}

export const RETRY_BACKOFF: BackoffOptions = { baseMs: 2_000, capMs: 15 * 60_000 }
export const OFFLINE_BACKOFF: BackoffOptions = { baseMs: 1_000, capMs: 2 * 60_000 }
export const RELAY_BACKOFF: BackoffOptions = { baseMs: 2_000, capMs: 30 * 60_000 }

/** Delay before try number `failures + 1`, after `failures` (≥ 1) consecutive failures. */
export function backoffDelay(failures: number, opts: BackoffOptions, random: () => number): number {
  const n = Math.max(1, Math.floor(failures))
  const exp = Math.min(opts.capMs, opts.baseMs * 2 ** Math.min(n - 1, 40))
  return Math.round(exp / 2 + random() * (exp / 2))
}

/** Retry-After in milliseconds (delta-seconds or an HTTP date), or null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: Date): number | null {
  if (value === undefined) return null
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  if (Number.isNaN(at)) return null
  return Math.max(0, at - now.getTime())
}

/** The server's wait wins when it asks for longer than our own backoff; never shorter. */
export const retryDelay = (backoffMs: number, retryAfterMs: number | null): number =>
  retryAfterMs === null ? backoffMs : Math.max(backoffMs, Math.min(retryAfterMs, 6 * 3_600_000))

/**
 * Delay before job_status poll number `polls + 1`. The reference clients poll every 2 s, then 4 s,
 * and give up after ~20 tries; the kiosk never gives up: after the 10th poll it keeps backing off
 * to at most 10 minutes, so a job under human review stays pollable for days at little cost.
 */
export function pollDelay(polls: number, random: () => number): number {
  if (polls <= 0) return 0
  if (polls <= 4) return 2_000
  if (polls <= 10) return 4_000
  return backoffDelay(polls - 10, { baseMs: 8_000, capMs: 10 * 60_000 }, random)
}
