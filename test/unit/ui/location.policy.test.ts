import { describe, expect, it } from 'vitest'
import { CaptureMetadata } from '../../../electron/shared/field/capture-metadata'
import {
  consentNotice,
  fromPosition,
  fromPositionError,
  locationMetadata,
  LOCATION_REQUEST,
  type PositionLike,
} from '../../../electron/shared/ui/location.policy'

const position = (
  coords: Partial<PositionLike['coords']> = {},
  timestamp = 1_790_000_000_123.4,
) => ({
  coords: {
    latitude: 14.6937,
    longitude: -17.4441,
    accuracy: 12,
    altitude: null,
    altitudeAccuracy: null,
    heading: null,
    speed: null,
    ...coords,
  },
  timestamp,
})

describe('fromPosition', () => {
  it('passes a fix in the contract shape, with whole-millisecond time and its source', () => {
    const out = fromPosition(position())
    expect(out).toEqual({
      status: 'ok',
      fix: {
        latitude: 14.6937,
        longitude: -17.4441,
        accuracy: 12,
        altitude: null,
        altitudeAccuracy: null,
        heading: null,
        speed: null,
        timestamp: 1_790_000_000_123,
        source: 'geolocation',
      },
    })
    // What the flow sends is what jobs:capture accepts.
    if (out.status === 'ok') {
      expect(CaptureMetadata.safeParse({ location: out.fix, location_status: 'ok' }).success).toBe(
        true,
      )
    }
  })

  it.each<[string, Partial<PositionLike['coords']>, string]>([
    ['NaN heading while standing still (Chromium)', { heading: Number.NaN, speed: 0 }, 'ok'],
    ['latitude out of range (broken driver)', { latitude: 91 }, 'unavailable'],
    ['longitude NaN', { longitude: Number.NaN }, 'unavailable'],
    ['negative accuracy', { accuracy: -1 }, 'unavailable'],
    ['altitude reported', { altitude: 35.5, altitudeAccuracy: 4 }, 'ok'],
  ])('%s → %s', (_n, coords, status) => {
    expect(fromPosition(position(coords)).status).toBe(status)
  })
})

describe('fromPositionError and locationMetadata', () => {
  it.each([
    [1, 'denied'],
    [2, 'unavailable'],
    [3, 'timeout'],
    [99, 'unavailable'],
  ])('error code %i → %s', (code, status) => {
    expect(fromPositionError(code)).toEqual({ status })
  })

  const fix = fromPosition(position())
  it.each<[string, boolean, Parameters<typeof locationMetadata>[1], object]>([
    ['setting off', false, fix, { location_status: 'off' }],
    ['still waiting at save', true, null, { location_status: 'timeout' }],
    ['denied', true, { status: 'denied' }, { location_status: 'denied' }],
    ['no source', true, { status: 'unavailable' }, { location_status: 'unavailable' }],
    ['a fix', true, fix, { location_status: 'ok', location: fix.status === 'ok' ? fix.fix : null }],
  ])('%s', (_n, enabled, outcome, expected) => {
    const m = locationMetadata(enabled, outcome)
    expect(m).toEqual(expected)
    if (m.location === undefined) expect('location' in m).toBe(false)
  })

  it('asks briefly and accepts a recent fix, so it never holds up a capture', () => {
    expect(LOCATION_REQUEST.timeout).toBeLessThanOrEqual(10_000)
    expect(LOCATION_REQUEST.maximumAge).toBeGreaterThan(0)
  })

  it('names the consent notice that mentions location', () => {
    expect(consentNotice('consent-v1', false)).toBe('consent-v1')
    expect(consentNotice('consent-v1', true)).toBe('consent-v1+location')
  })
})
