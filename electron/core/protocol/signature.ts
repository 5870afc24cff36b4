/**
 * Request signatures of the Smile ID v1 protocol (backend-protocol.md §2.1):
 * base64(HMAC-SHA256(key = api key as UTF-8, msg = timestamp + partner_id + "sid_request")).
 * Pure: the caller passes the clock. Signatures and timestamps are computed at send time and
 * never stored (a stored pair could be replayed; it is not a body MAC).
 */
import { createHmac, timingSafeEqual } from 'node:crypto'

export interface Credentials {
  /** Signed exactly as sent: "001" and "1" give different signatures. */
  partnerId: string
  apiKey: string
}

export interface Signed {
  signature: string
  timestamp: string
}

export function computeSignature(creds: Credentials, timestamp: string): string {
  return createHmac('sha256', creds.apiKey)
    .update(timestamp, 'utf8')
    .update(creds.partnerId, 'utf8')
    .update('sid_request', 'utf8')
    .digest('base64')
}

/** A fresh signature over `now` as an ISO-8601 string (the only timestamp form both sides agree on). */
export function sign(creds: Credentials, now: Date): Signed {
  const timestamp = now.toISOString()
  return { timestamp, signature: computeSignature(creds, timestamp) }
}

/**
 * Constant-time check of a received signature over the received timestamp. Both sides are
 * compared as decoded bytes (as core-js ≥ 3.2 does), so base64 padding quirks cannot leak timing.
 */
export function verifySignature(
  creds: Credentials,
  timestamp: unknown,
  signature: unknown,
): boolean {
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false
  if (timestamp === '' || signature === '') return false
  const expected = Buffer.from(computeSignature(creds, timestamp), 'base64')
  const actual = Buffer.from(signature, 'base64')
  // Only canonical base64: other spellings decode to the same bytes (padding bits) and would
  // let a captured signature be re-sent as a "different" string.
  if (actual.byteLength !== expected.byteLength || actual.toString('base64') !== signature) {
    return false
  }
  return timingSafeEqual(expected, actual)
}

/** ISO-8601 date-time; the zone may be missing (the vendor's own examples omit it: read as UTC). */
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?$/

/** Milliseconds since the epoch of an ISO-8601 timestamp, or null when it is not one. */
export function parseTimestamp(timestamp: unknown): number | null {
  if (typeof timestamp !== 'string' || !ISO_TIMESTAMP.test(timestamp)) return null
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/.test(timestamp) ? timestamp : `${timestamp}Z`
  const ms = Date.parse(zoned)
  return Number.isNaN(ms) ? null : ms
}

export type TimestampCheck = 'ok' | 'malformed' | 'too_old' | 'in_future'

/** Is `timestamp` within `windowMs` of `now`? Used against replays of captured signed requests. */
export function checkTimestamp(timestamp: unknown, now: Date, windowMs: number): TimestampCheck {
  const ms = parseTimestamp(timestamp)
  if (ms === null) return 'malformed'
  const age = now.getTime() - ms
  if (age > windowMs) return 'too_old'
  if (age < -windowMs) return 'in_future'
  return 'ok'
}
