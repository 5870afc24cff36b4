/**
 * Online / offline as the sync engine sees it, learnt from real requests (no separate pinger):
 * any proper backend answer means online; a network failure or a captive-portal page means
 * offline until the next probe (one job's request), spaced by jittered backoff. After coming
 * back, concurrency restarts at 1 and doubles with each success (slow start), so a backend that
 * just recovered is not hit by the whole queue at once. Account-level refusals (bad key) block
 * everything until settings change or the next probe.
 */
import { backoffDelay, OFFLINE_BACKOFF } from './backoff.policy'

export type Connectivity = 'unknown' | 'online' | 'offline'

export interface ConnectivityState {
  readonly state: Connectivity
  readonly reason: string | null
  readonly blocked: string | null
  /** No job may start before this time (offline probe, Retry-After, account block). */
  readonly resumeAt: number
  /** When the backend last answered properly (ms), or null if never in this process. */
  readonly lastSuccessAt: number | null
  /** How many jobs may be in flight now. */
  allowed(max: number): number
  canStart(now: number): boolean
  success(): void
  offline(reason: string): void
  /** The backend asked everyone to wait (Retry-After on 429/503). */
  pause(untilMs: number): void
  block(reason: string, retryAtMs: number): void
  reset(): void
}

export function createConnectivity(clock: () => Date, random: () => number): ConnectivityState {
  let state: Connectivity = 'unknown'
  let reason: string | null = null
  let blocked: string | null = null
  let resumeAt = 0
  let failures = 0
  let window = 1
  let lastSuccessAt: number | null = null
  return {
    get state() {
      return state
    },
    get reason() {
      return reason
    },
    get blocked() {
      return blocked
    },
    get resumeAt() {
      return resumeAt
    },
    get lastSuccessAt() {
      return lastSuccessAt
    },
    allowed: (max) => (state === 'online' ? Math.min(max, window) : 1),
    canStart: (now) => now >= resumeAt,
    success() {
      if (state !== 'online') window = 1
      else window = Math.min(1024, window * 2)
      state = 'online'
      reason = null
      blocked = null
      failures = 0
      lastSuccessAt = clock().getTime()
    },
    offline(why) {
      failures++
      state = 'offline'
      reason = why
      window = 1
      resumeAt = clock().getTime() + backoffDelay(failures, OFFLINE_BACKOFF, random)
    },
    pause(untilMs) {
      resumeAt = Math.max(resumeAt, untilMs)
      window = 1
    },
    block(why, retryAtMs) {
      blocked = why
      resumeAt = Math.max(resumeAt, retryAtMs)
      window = 1
    },
    reset() {
      resumeAt = 0
      failures = 0
      blocked = null
    },
  }
}
