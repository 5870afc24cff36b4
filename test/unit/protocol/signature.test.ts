import { describe, expect, it } from 'vitest'
import {
  checkTimestamp,
  computeSignature,
  parseTimestamp,
  sign,
  verifySignature,
} from '../../../electron/core/protocol/signature'

const creds = { partnerId: '001', apiKey: 'test-api-key' }
const TS = '2024-01-01T00:00:00.000Z'

describe('request signature', () => {
  it.each([
    ['001', TS, 'QCvS8Dtz5XUe3wyeH3na5t1LKa3t0L0liNSoXwweCJ8='],
    // The partner id is signed exactly as sent: "1" is not "001".
    ['1', TS, 'VsLE4G9K4T9LeFZaXAIfaZdhm/r3ada6w5zDQAm3NmI='],
  ])('partner %s at %s → %s (published test vector)', (partnerId, ts, expected) => {
    expect(computeSignature({ partnerId, apiKey: 'test-api-key' }, ts)).toBe(expected)
  })

  it('signs the ISO form of the clock and returns that exact string', () => {
    const s = sign(creds, new Date(TS))
    expect(s).toEqual({ timestamp: TS, signature: 'QCvS8Dtz5XUe3wyeH3na5t1LKa3t0L0liNSoXwweCJ8=' })
  })

  it.each([
    ['the right signature', TS, 'QCvS8Dtz5XUe3wyeH3na5t1LKa3t0L0liNSoXwweCJ8=', true],
    [
      'another timestamp',
      '2024-01-01T00:00:00.001Z',
      'QCvS8Dtz5XUe3wyeH3na5t1LKa3t0L0liNSoXwweCJ8=',
      false,
    ],
    ['one flipped character', TS, 'RCvS8Dtz5XUe3wyeH3na5t1LKa3t0L0liNSoXwweCJ8=', false],
    // Same bytes, non-canonical spelling (only the padding bits differ).
    ['a non-canonical spelling', TS, 'QCvS8Dtz5XUe3wyeH3na5t1LKa3t0L0liNSoXwweCJ9=', false],
    ['a truncated signature', TS, 'QCvS8Dtz5XUe3wyeH3na5t1LKa3t0L0l', false],
    ['an empty signature', TS, '', false],
    ['a number as signature', TS, 12345, false],
    ['a missing timestamp', undefined, 'QCvS8Dtz5XUe3wyeH3na5t1LKa3t0L0liNSoXwweCJ8=', false],
    ['a numeric timestamp', 1704067200000, 'QCvS8Dtz5XUe3wyeH3na5t1LKa3t0L0liNSoXwweCJ8=', false],
  ])('verify: %s → %s', (_what, ts, sig, ok) => {
    expect(verifySignature(creds, ts, sig)).toBe(ok)
  })

  it('does not verify under another key or partner id', () => {
    const sig = computeSignature(creds, TS)
    expect(verifySignature({ partnerId: '001', apiKey: 'other' }, TS, sig)).toBe(false)
    expect(verifySignature({ partnerId: '1', apiKey: 'test-api-key' }, TS, sig)).toBe(false)
  })
})

describe('timestamps', () => {
  const now = new Date('2024-01-01T00:10:00.000Z')
  const win = 5 * 60_000
  it.each([
    [TS, 'too_old'],
    ['2024-01-01T00:06:00.000Z', 'ok'],
    ['2024-01-01T00:14:59.000Z', 'ok'],
    ['2024-01-01T00:16:00.000Z', 'in_future'],
    ['2024-01-01T00:09:00', 'ok'], // no zone, as in the vendor's examples: UTC
    ['2024-01-01T02:09:00+02:00', 'ok'],
    ['2024-01-01 00:09:00', 'malformed'],
    ['yesterday', 'malformed'],
    [1704067200000, 'malformed'],
    [undefined, 'malformed'],
  ])('%s → %s', (ts, expected) => {
    expect(checkTimestamp(ts, now, win)).toBe(expected)
  })

  it('parses fractional seconds and zones', () => {
    expect(parseTimestamp('2021-08-12T17:57:00.614879')).toBe(
      Date.parse('2021-08-12T17:57:00.614Z'),
    )
    expect(parseTimestamp('2024-13-01T00:00:00Z')).toBeNull()
  })
})
