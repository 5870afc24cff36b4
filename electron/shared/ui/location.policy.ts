/**
 * Where a capture took place, as capture metadata, pure. The capture flow asks the browser's
 * Geolocation API once per capture (after consent, which mentions it) and never waits for it: the
 * save takes whatever has arrived by then. The job records `location_status` always, so "no
 * position" is told apart from "not asked" (off), "refused" (denied), "no source" (unavailable)
 * and "too slow" (timeout).
 */
import { GeoFix } from '../field/capture-metadata'

export const LOCATION_STATUSES = ['ok', 'denied', 'unavailable', 'timeout', 'off'] as const
export type LocationStatus = (typeof LOCATION_STATUSES)[number]

/**
 * PositionOptions for getCurrentPosition. High accuracy asks for the GPS where the laptop has one;
 * a fix up to two minutes old is fine (an enrolment desk does not move), and 8 s is shorter than
 * any capture (consent, camera, liveness), so the answer is in before the save in practice.
 */
export const LOCATION_REQUEST = {
  enableHighAccuracy: true,
  timeout: 8_000,
  maximumAge: 120_000,
} as const

/** The parts of a GeolocationPosition that are read (structural, so tests need no DOM). */
export interface PositionLike {
  coords: {
    latitude: number
    longitude: number
    accuracy: number
    altitude: number | null
    altitudeAccuracy: number | null
    heading: number | null
    speed: number | null
  }
  timestamp: number
}

export type LocationOutcome =
  { status: 'ok'; fix: GeoFix } | { status: Exclude<LocationStatus, 'ok' | 'off'> }

/**
 * A position as the contract's GeoFix. A reading the contract would refuse (NaN, latitude out of
 * range from a broken driver) becomes "unavailable": a bad fix must never cost the capture.
 */
export function fromPosition(p: PositionLike): LocationOutcome {
  const c = p.coords
  const parsed = GeoFix.safeParse({
    latitude: c.latitude,
    longitude: c.longitude,
    accuracy: c.accuracy,
    altitude: c.altitude,
    altitudeAccuracy: c.altitudeAccuracy,
    // Chromium reports NaN heading while standing still; the spec says null.
    heading: c.heading === null || Number.isNaN(c.heading) ? null : c.heading,
    speed: c.speed === null || Number.isNaN(c.speed) ? null : c.speed,
    timestamp: Math.round(p.timestamp),
    source: 'geolocation',
  })
  return parsed.success ? { status: 'ok', fix: parsed.data } : { status: 'unavailable' }
}

/** GeolocationPositionError.code: 1 PERMISSION_DENIED, 2 POSITION_UNAVAILABLE, 3 TIMEOUT. */
export function fromPositionError(code: number): LocationOutcome {
  if (code === 1) return { status: 'denied' }
  if (code === 3) return { status: 'timeout' }
  return { status: 'unavailable' }
}

/**
 * The metadata keys for one capture. `outcome` is null while the request is still out when the
 * capture is saved: recorded as a timeout rather than holding the customer up.
 */
export function locationMetadata(
  enabled: boolean,
  outcome: LocationOutcome | null,
): { location?: GeoFix; location_status: LocationStatus } {
  if (!enabled) return { location_status: 'off' }
  if (outcome === null) return { location_status: 'timeout' }
  if (outcome.status === 'ok') return { location: outcome.fix, location_status: 'ok' }
  return { location_status: outcome.status }
}

/** The consent notice version: the location sentence makes it a different notice. */
export const consentNotice = (base: string, location: boolean): string =>
  location ? `${base}+location` : base
