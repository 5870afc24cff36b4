import { describe, expect, it } from 'vitest'
import {
  BUNDLE_CIPHER,
  BUNDLE_MAGIC,
  checkHeader,
  HEADER_SLOT_BYTES,
  PREAMBLE_BYTES,
  showFingerprint,
  TRAILER_BYTES,
  type BundleHeader,
  type Preamble,
} from '../../../electron/shared/field/bundle-header.policy'

const header: BundleHeader = {
  format: 1,
  bundle_id: '5b0c6f7e-2a0d-4c39-9d0a-6f2b8c1e9a11',
  created_at: '2026-11-22T10:00:00.000Z',
  device_key: `kiosk-ed25519:${'A'.repeat(43)}`,
  device_fingerprint: 'a'.repeat(32),
  recipient_fingerprint: 'b'.repeat(32),
  ephemeral_key: `kiosk-x25519:${'B'.repeat(43)}`,
  cipher: BUNDLE_CIPHER,
  frame_size: 65536,
  frames: 3,
  records: 12,
  payload_length: 150_000,
  payload_sha256: 'c'.repeat(64),
}
const pre: Preamble = { magic: BUNDLE_MAGIC, format: 1, headerLength: HEADER_SLOT_BYTES }
const size = PREAMBLE_BYTES + HEADER_SLOT_BYTES + header.payload_length + TRAILER_BYTES
const text = (h: unknown) => JSON.stringify(h)

describe('bundle header policy', () => {
  it('accepts a well-formed header of a file exactly as long as it says', () => {
    expect(checkHeader(pre, text(header), size)).toEqual({ ok: true, header })
  })

  it.each<[string, Preamble, string | null, number, string, RegExp]>([
    [
      'not a bundle',
      { ...pre, magic: 'PK\u0003\u0004xxxx' },
      text(header),
      size,
      'not_bundle',
      /not a kiosk export bundle/,
    ],
    [
      'an empty file',
      { magic: '', format: 0, headerLength: 0 },
      null,
      0,
      'not_bundle',
      /not a kiosk export bundle/,
    ],
    [
      'a newer format',
      { ...pre, format: 2 },
      text(header),
      size,
      'newer_format',
      /format 2, newer than this kiosk reads \(1\): update the kiosk/,
    ],
    [
      'a damaged preamble',
      { ...pre, headerLength: 77 },
      text(header),
      size,
      'damaged',
      /preamble is damaged/,
    ],
    ['cut inside the header', pre, null, 900, 'truncated', /ends inside its header \(900 bytes\)/],
    ['header not JSON', pre, '{"format":1,', size, 'damaged', /header is damaged \(not readable\)/],
    [
      'header field wrong',
      pre,
      text({ ...header, device_fingerprint: 'xyz' }),
      size,
      'damaged',
      /\(device_fingerprint\)/,
    ],
    [
      'sizes that cannot be',
      pre,
      text({ ...header, payload_length: 10 }),
      PREAMBLE_BYTES + HEADER_SLOT_BYTES + 10 + TRAILER_BYTES,
      'damaged',
      /sizes do not add up/,
    ],
    [
      'truncated payload',
      pre,
      text(header),
      size - 1,
      'truncated',
      new RegExp(`truncated: ${size - 1} of ${size} bytes`),
    ],
    ['trailer cut off', pre, text(header), size - TRAILER_BYTES, 'truncated', /truncated/],
    ['bytes appended', pre, text(header), size + 5, 'extended', /5 unexpected bytes after its end/],
  ])('%s', (_n, p, t, s, problem, reason) => {
    const r = checkHeader(p, t, s)
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.problem).toBe(problem)
      expect(r.reason).toMatch(reason)
    }
  })

  it('shows fingerprints in groups of four', () => {
    expect(showFingerprint('0123456789abcdef0123456789abcdef')).toBe(
      '0123 4567 89ab cdef 0123 4567 89ab cdef',
    )
  })
})
