import { describe, expect, it } from 'vitest'
import { CaptureInput } from '../../../electron/shared/contract/contract'
import { describeZodError } from '../../../electron/shared/contract/result'
import {
  CaptureMetadata,
  storedLocation,
  type GeoFix,
} from '../../../electron/shared/field/capture-metadata'
import { parseSince } from '../../../electron/shared/field/since'

const fix = {
  latitude: -1.2921,
  longitude: 36.8219,
  accuracy: 12.5,
  altitude: null,
  altitudeAccuracy: null,
  heading: null,
  speed: null,
  timestamp: Date.UTC(2026, 10, 22, 9, 0, 0),
}

describe('capture metadata (field)', () => {
  it('takes a geolocation fix as the browser gives it, and keeps other keys as sent', () => {
    const m = CaptureMetadata.parse({ location: fix, consent: true, device: { model: 'x' } })
    expect(m.location).toEqual({ ...fix, source: 'geolocation' })
    expect(m).toMatchObject({ consent: true, device: { model: 'x' } })
  })

  it.each<[string, unknown, RegExp]>([
    ['latitude out of range', { ...fix, latitude: 91 }, /location.latitude: latitude is -90 to 90/],
    [
      'longitude out of range',
      { ...fix, longitude: -181 },
      /location.longitude: longitude is -180 to 180/,
    ],
    ['negative accuracy', { ...fix, accuracy: -1 }, /location.accuracy: accuracy is metres/],
    ['no timestamp', { ...fix, timestamp: undefined }, /location.timestamp/],
    ['a string instead of a fix', 'Nairobi', /location/],
    ['an unknown source', { ...fix, source: 'guess' }, /location.source/],
  ])('refuses %s with a line that says where', (_n, location, why) => {
    const r = CaptureInput.safeParse({
      jobType: 4,
      userId: 'u1',
      images: [{ kind: 'selfie', bytes: new Uint8Array([1]) }],
      metadata: { location },
    })
    expect(r.success).toBe(false)
    if (!r.success) expect(describeZodError(r.error)).toMatch(why)
  })

  it('stores a fix with its age, marked stale after 10 minutes', () => {
    const f = { ...fix, source: 'geolocation' } as GeoFix
    expect(storedLocation(f, fix.timestamp + 30_000)).toMatchObject({ age_s: 30, stale: false })
    expect(storedLocation(f, fix.timestamp + 11 * 60_000)).toMatchObject({
      age_s: 660,
      stale: true,
    })
    expect(storedLocation(f, fix.timestamp - 5_000)).toMatchObject({ age_s: 0, stale: false })
  })
})

describe('--since', () => {
  const now = new Date('2026-11-22T12:00:00.000Z')
  it.each<[string, string | null]>([
    ['2026-11-20', '2026-11-20T00:00:00.000Z'],
    ['2026-11-20T08:30Z', '2026-11-20T08:30:00.000Z'],
    ['2026-11-20T08:30:00+02:00', '2026-11-20T06:30:00.000Z'],
    ['36h', '2026-11-21T00:00:00.000Z'],
    ['7d', '2026-11-15T12:00:00.000Z'],
    ['90m', '2026-11-22T10:30:00.000Z'],
    ['yesterday', null],
    ['2026-13-40', null],
    ['2026-11-20T08:30', null], // no zone: which one? refused rather than guessed
    ['-3d', null],
  ])('%s', (text, iso) => {
    const r = parseSince(text, now)
    expect(r.ok ? r.iso : null).toBe(iso)
    if (!r.ok) expect(r.reason).toMatch(/^--since: expected a date/)
  })
})
