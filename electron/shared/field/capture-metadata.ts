/**
 * What a capture may carry in its metadata for field mode, validated at the contract boundary:
 * a position fix (the renderer passes `navigator.geolocation`'s result: the OS location service or
 * a GPS device behind it) and the ticket `capture:begin` handed out when staff started the capture.
 * Field names follow the W3C GeolocationCoordinates so the UI can pass `{...coords.toJSON(),
 * timestamp}` unchanged. Everything else in metadata passes through untouched.
 */
import { z } from 'zod'

const finiteOrNull = z.number().finite().nullable().optional()

export const GeoFix = z.object({
  latitude: z.number().min(-90, 'latitude is -90 to 90').max(90, 'latitude is -90 to 90'),
  longitude: z.number().min(-180, 'longitude is -180 to 180').max(180, 'longitude is -180 to 180'),
  /** Radius of 95 % confidence in metres, as the Geolocation API reports it. */
  accuracy: z.number().finite().min(0, 'accuracy is metres, 0 or more'),
  altitude: finiteOrNull,
  altitudeAccuracy: finiteOrNull,
  heading: z.number().min(0).max(360).nullable().optional(),
  speed: z.number().min(0).nullable().optional(),
  /** When the fix was taken (ms since the epoch), from the position source. */
  timestamp: z.number().int().min(0, 'timestamp is milliseconds since 1970'),
  /** Who produced it: the browser/OS location service, a serial GPS (NMEA), or typed by staff. */
  source: z.enum(['geolocation', 'nmea', 'manual']).default('geolocation'),
})
export type GeoFix = z.infer<typeof GeoFix>

/** Capture metadata as the contract accepts it: known keys checked, the rest kept as sent. */
export const CaptureMetadata = z.looseObject({
  location: GeoFix.optional(),
  /** From `capture:begin`: this capture was allowed to start, so its final save is not refused. */
  capture_ticket: z.string().min(8).max(64).optional(),
})
export type CaptureMetadata = z.infer<typeof CaptureMetadata>

/** A fix older than this when the capture is saved is kept but marked stale. */
export const STALE_FIX_MS = 10 * 60_000

/** The location as stored with the job: the fix, its age at save time, and whether it is stale. */
export function storedLocation(
  fix: GeoFix,
  savedAtMs: number,
): GeoFix & { age_s: number; stale: boolean } {
  const age = Math.max(0, savedAtMs - fix.timestamp)
  return { ...fix, age_s: Math.round(age / 1000), stale: age > STALE_FIX_MS }
}
