/**
 * Which camera to open, pure. Browsers give each camera a `deviceId` that is stable per origin
 * and profile, but it changes when the profile is reset and two identical webcams share a label
 * (electron#4931, w3c/mediacapture-main#205). So the kiosk remembers the id AND the label, and
 * also the USB vendor:product pair Chromium appends to labels, e.g. "HD Webcam (046d:0825)".
 */

export interface CameraInfo {
  deviceId: string
  label: string
}

export interface RememberedCamera {
  deviceId: string
  label: string
}

/** "046d:0825" from "HD Webcam (046d:0825)", or null. */
export function usbId(label: string): string | null {
  return /\(([0-9a-f]{4}:[0-9a-f]{4})\)\s*$/i.exec(label)?.[1]?.toLowerCase() ?? null
}

export type CameraPick =
  | { camera: CameraInfo; how: 'remembered' | 'same_label' | 'same_model' | 'first' }
  | { camera: null; how: 'none' }

export function pickCamera(
  cameras: readonly CameraInfo[],
  remembered: RememberedCamera,
): CameraPick {
  const first = cameras[0]
  if (first === undefined) return { camera: null, how: 'none' }
  const byId = cameras.find((c) => remembered.deviceId !== '' && c.deviceId === remembered.deviceId)
  if (byId !== undefined) return { camera: byId, how: 'remembered' }
  if (remembered.label !== '') {
    const byLabel = cameras.find((c) => c.label === remembered.label)
    if (byLabel !== undefined) return { camera: byLabel, how: 'same_label' }
    const model = usbId(remembered.label)
    const byModel = model === null ? undefined : cameras.find((c) => usbId(c.label) === model)
    if (byModel !== undefined) return { camera: byModel, how: 'same_model' }
  }
  return { camera: first, how: 'first' }
}
