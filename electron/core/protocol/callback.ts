/**
 * Callbacks: the backend POSTs the result object plus `signature` and `timestamp` (§9), and the
 * kiosk relays final results to the bank the same way. The signature covers only timestamp and
 * partner id (§2.2), so a receiver must also check freshness; the relay adds a MAC over the body
 * bytes (`X-Relay-Body-Mac`) so a bank can tell the body was not swapped under a replayed pair.
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import { JobResult } from './job-status'
import {
  checkTimestamp,
  sign,
  verifySignature,
  type Credentials,
  type TimestampCheck,
} from './signature'

export function callbackBody(
  result: Record<string, unknown>,
  creds: Credentials,
  now: Date,
): Record<string, unknown> {
  const { signature: _s, timestamp: _t, ...rest } = result
  return { ...rest, ...sign(creds, now) }
}

export type CallbackCheck =
  | { ok: true; result: JobResult; raw: Record<string, unknown> }
  | {
      ok: false
      reason: 'not_an_object' | 'bad_signature' | 'bad_shape' | Exclude<TimestampCheck, 'ok'>
    }

/**
 * Verifies a received callback body: signature over its own timestamp (constant time), the
 * timestamp within `windowMs` of `now`, and a result object the parser can read.
 */
export function verifyCallback(
  body: unknown,
  creds: Credentials,
  now: Date,
  windowMs: number,
): CallbackCheck {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    return { ok: false, reason: 'not_an_object' }
  }
  const raw = body as Record<string, unknown>
  if (!verifySignature(creds, raw.timestamp, raw.signature)) {
    return { ok: false, reason: 'bad_signature' }
  }
  const fresh = checkTimestamp(raw.timestamp, now, windowMs)
  if (fresh !== 'ok') return { ok: false, reason: fresh }
  const { signature: _s, timestamp: _t, ...rest } = raw
  const parsed = JobResult.safeParse(rest)
  if (!parsed.success) return { ok: false, reason: 'bad_shape' }
  return { ok: true, result: parsed.data, raw: rest }
}

/** HMAC-SHA256 over the exact body bytes, base64, keyed by the API key with a domain label. */
export function bodyMac(apiKey: string, body: Uint8Array | string): string {
  return createHmac('sha256', `relay-body:${apiKey}`).update(body).digest('base64')
}

export function verifyBodyMac(apiKey: string, body: Uint8Array | string, mac: unknown): boolean {
  if (typeof mac !== 'string') return false
  const expected = Buffer.from(bodyMac(apiKey, body), 'base64')
  const actual = Buffer.from(mac, 'base64')
  return actual.byteLength === expected.byteLength && timingSafeEqual(expected, actual)
}
