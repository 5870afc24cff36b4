/**
 * Fault knobs: the network misbehaviours a kiosk meets in the field, on demand and reproducible
 * (a seeded generator, so a failing test fails the same way twice). Changed at start-up (CLI
 * flags) or live through the admin route.
 */
import { z } from 'zod'

const rate = z.number().min(0).max(1)

export const SandboxFaults = z.object({
  /** Added before every API answer, in milliseconds. */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Share of API requests answered 503 {code 2201} (with Retry-After when retryAfterSec > 0). */
  errorRate: rate.default(0),
  retryAfterSec: z.number().int().min(0).max(3600).default(0),
  /** Share of requests whose connection is cut before the sandbox acts on them. */
  dropRate: rate.default(0),
  /** Share of requests the sandbox carries out and whose answer is then lost (cut connection). */
  dropAfterRate: rate.default(0),
  /** Answer everything with a 200 HTML login page, as a hotel or venue Wi-Fi portal does. */
  captivePortal: z.boolean().default(false),
  /** The sandbox's clock runs this many seconds ahead (negative: behind) of the real one. */
  clockSkewSec: z
    .number()
    .int()
    .min(-10 * 365 * 86_400)
    .max(10 * 365 * 86_400)
    .default(0),
  /** How long a presigned upload URL stays valid. */
  uploadTtlSec: z
    .number()
    .int()
    .min(1)
    .max(7 * 86_400)
    .default(3600),
  /**
   * Time between a zip arriving and its machine result, as behind the vendor's S3 upload. 0 means
   * the result is ready before the PUT is answered.
   */
  processingMs: z.number().int().min(0).max(600_000).default(1000),
  /** How long a simulated human review of a provisional result takes. */
  reviewDelaySec: z.number().min(0).max(86_400).default(10),
  /**
   * Admission limit: API requests accepted per second (0: no limit); above it the sandbox answers
   * 429 {code 2201} with Retry-After (retryAfterSec, at least 1), as an API gateway would.
   */
  rateLimitPerSec: z.number().int().min(0).max(1_000_000).default(0),
  /** Seed of the fault dice. */
  seed: z.number().int().default(1),
})
export type SandboxFaults = z.infer<typeof SandboxFaults>

/** mulberry32: tiny, seedable, plenty for fault dice. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

export interface FaultState {
  get(): SandboxFaults
  set(patch: Partial<SandboxFaults>): SandboxFaults
  roll(p: number): boolean
}

export function createFaultState(initial: Partial<SandboxFaults> = {}): FaultState {
  let faults = SandboxFaults.parse(initial)
  let random = seededRandom(faults.seed)
  return {
    get: () => faults,
    set(patch) {
      const next = SandboxFaults.parse({ ...faults, ...patch })
      if (next.seed !== faults.seed) random = seededRandom(next.seed)
      faults = next
      return faults
    },
    roll: (p) => p > 0 && random() < p,
  }
}

export const CAPTIVE_PORTAL_HTML =
  '<!doctype html><html><head><title>Guest Wi-Fi</title></head><body><h1>Welcome</h1>' +
  '<p>Please accept the terms to continue.</p><form method="post"><button>Connect</button></form></body></html>'
