/** What every sandbox route needs, passed explicitly rather than held in module state. */
import { createHmac } from 'node:crypto'
import type { Credentials } from '../core/protocol/signature'
import { checkTimestamp, verifySignature } from '../core/protocol/signature'
import type { SandboxDecider } from './sandbox-decider'
import type { FaultState } from './sandbox-faults'
import type { SandboxMeter } from './sandbox-meter'
import type { SandboxRepo } from './sandbox.repo'

export interface SandboxContext {
  repo: SandboxRepo
  creds: Credentials
  urlSecret: Buffer
  faults: FaultState
  /** The sandbox's clock: the real one shifted by the clockSkewSec knob. */
  now: () => Date
  /** Origin the upload URLs point at, e.g. https://127.0.0.1:8443 */
  origin: () => string
  decider: SandboxDecider
  requestWindowMs: number
  /** Tells the schedulers (reviews, callbacks) that there is new work. */
  wake: () => void
  /** API requests per second as they arrive, and the admission limit's refusals. */
  meter: SandboxMeter
}

export type AuthCheck = { ok: true } | { ok: false; error: string }

/** Signature and timestamp of a request: both must hold, or the vendor answers 2205. */
export function checkAuth(
  ctx: SandboxContext,
  partnerId: unknown,
  timestamp: unknown,
  signature: unknown,
): AuthCheck {
  if (partnerId !== ctx.creds.partnerId) {
    return { ok: false, error: 'You are not authorized to do that: unknown partner id' }
  }
  if (!verifySignature(ctx.creds, timestamp, signature)) {
    return { ok: false, error: 'You are not authorized to do that: the signature does not match' }
  }
  const fresh = checkTimestamp(timestamp, ctx.now(), ctx.requestWindowMs)
  if (fresh === 'malformed') {
    return { ok: false, error: 'You are not authorized to do that: timestamp is not ISO-8601' }
  }
  if (fresh !== 'ok') {
    return {
      ok: false,
      error: `You are not authorized to do that: timestamp is ${fresh === 'too_old' ? 'too old' : 'in the future'} (server time ${ctx.now().toISOString()})`,
    }
  }
  return { ok: true }
}

/** The presigned-URL signature: method, path and expiry under the sandbox's URL secret. */
export const uploadUrlSignature = (secret: Buffer, path: string, expires: number): string =>
  createHmac('sha256', secret).update(`PUT\n${path}\n${expires}`).digest('base64url')
