/**
 * What the backend sees of a fleet: API requests arriving per wall-clock second, and how many of
 * them the admission limit refused (fault knob rateLimitPerSec: above it, 429 with Retry-After, as
 * a real API gateway protects itself). The outage bench reads it through the admin route to show
 * that kiosks coming back online stay under the ceiling instead of storming the backend.
 */

export interface RateSecond {
  /** Start of the second, ms since the epoch. */
  t: number
  requests: number
  refused: number
}

const KEEP_SECONDS = 3600

export type SandboxMeter = ReturnType<typeof createMeter>

export function createMeter(now: () => number = Date.now) {
  const seconds = new Map<number, RateSecond>()
  let total = 0
  let refusedTotal = 0
  const statuses: Record<string, number> = {}

  function bucket(): RateSecond {
    const t = Math.floor(now() / 1000) * 1000
    let b = seconds.get(t)
    if (b === undefined) {
      b = { t, requests: 0, refused: 0 }
      seconds.set(t, b)
      if (seconds.size > KEEP_SECONDS) {
        const oldest = seconds.keys().next().value
        if (oldest !== undefined) seconds.delete(oldest)
      }
    }
    return b
  }

  return {
    /** Counts an arriving request; false when it is over `limitPerSec` (0: no limit) this second. */
    admit(limitPerSec: number): boolean {
      const b = bucket()
      b.requests++
      total++
      if (limitPerSec > 0 && b.requests - b.refused > limitPerSec) {
        b.refused++
        refusedTotal++
        return false
      }
      return true
    },
    /** Counts the HTTP status an API request was answered with (401 = 2205, 429 = refused …). */
    answered(status: number): void {
      statuses[status] = (statuses[status] ?? 0) + 1
    },
    snapshot(sinceMs = 0): {
      total: number
      refused: number
      statuses: Record<string, number>
      seconds: RateSecond[]
    } {
      return {
        total,
        refused: refusedTotal,
        statuses: { ...statuses },
        seconds: [...seconds.values()].filter((s) => s.t >= sinceMs).map((s) => ({ ...s })),
      }
    },
  }
}
