/**
 * getUserMedia failures as something staff can act on, pure. DOMException names per the Media
 * Capture spec; Electron reports an OS-level denial (macOS privacy settings) as NotAllowedError
 * too, or as a track that never starts (electron#42899), which the hook reports as "no_frames".
 */
export const CAMERA_PROBLEMS = [
  'denied', // permission refused (browser, Electron handler or OS privacy settings)
  'not_found', // no camera connected
  'busy', // another program holds the camera
  'unplugged', // it was working and went away
  'no_frames', // opened but no picture arrives
  'unsupported', // no camera API (insecure origin, old browser)
  'failed', // anything else
] as const
export type CameraProblem = (typeof CAMERA_PROBLEMS)[number]

export function cameraProblem(err: unknown): CameraProblem {
  const name = typeof err === 'object' && err !== null && 'name' in err ? String(err.name) : ''
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
    case 'PermissionDeniedError':
      return 'denied'
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'not_found'
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy'
    case 'TypeError':
      return 'unsupported'
    default:
      return 'failed'
  }
}
