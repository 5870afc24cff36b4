/**
 * One position request per capture (field.location on), started when the customer consents and
 * never waited for: the save reads whatever has arrived (see location.policy).
 */
import {
  fromPosition,
  fromPositionError,
  LOCATION_REQUEST,
  type LocationOutcome,
} from '../../../../electron/shared/ui/location.policy'

export interface LocationRequest {
  /** The answer, or null while the request is still out. */
  outcome: () => LocationOutcome | null
}

export function requestLocation(): LocationRequest {
  let outcome: LocationOutcome | null = null
  // Marks for bench/field-ui.bench.ts: how long the answer takes, and that the save did not wait.
  const settle = (o: LocationOutcome) => {
    outcome = o
    performance.mark('kiosk:location-settled', { detail: { status: o.status } })
  }
  performance.mark('kiosk:location-asked')
  // No Geolocation API (an insecure origin, a Permissions-Policy that forbids it): no source.
  if (!('geolocation' in navigator)) {
    settle({ status: 'unavailable' })
    return { outcome: () => outcome }
  }
  try {
    navigator.geolocation.getCurrentPosition(
      (p) => settle(fromPosition(p)),
      (e) => settle(fromPositionError(e.code)),
      LOCATION_REQUEST,
    )
  } catch {
    settle({ status: 'unavailable' })
  }
  return { outcome: () => outcome }
}
