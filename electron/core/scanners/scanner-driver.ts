/**
 * One interface for every way a document image arrives from hardware: SANE (Linux, via
 * `scanimage`), driverless eSCL over HTTP (AirScan; most network and USB MFPs through ipp-usb),
 * Windows WIA (a PowerShell bridge) and a watched folder (passport readers that drop images).
 * Device ids carry their driver: `sane:test:0`, `escl:http://10.0.0.5/eSCL`, `wia:{guid}\0000`,
 * `folder:/var/spool/reader`.
 */
import { AppError } from '../../shared/contract/result'

export const SCAN_MODES = ['color', 'gray'] as const
export type ScanMode = (typeof SCAN_MODES)[number]

export interface ScannerDevice {
  id: string
  driver: DriverKind
  name: string
  /** Where it is: a backend device string, a URL, a folder. */
  address: string
}

export interface ScannerCapabilities {
  /** Resolutions the device offers, dpi; a range is reported as its common steps inside it. */
  resolutions: number[]
  modes: ScanMode[]
  sources: string[]
  /** Largest scan area, mm, when the device says. */
  maxWidthMm: number | null
  maxHeightMm: number | null
}

export interface ScanRequest {
  dpi: number
  mode: ScanMode
  /** e.g. "Flatbed", "ADF"; the device default when absent. */
  source?: string
  /** Stops the scan; the driver cancels it on the device too. */
  signal?: AbortSignal
  /** Backend-specific options (SANE: name=value pairs passed as --name=value). */
  options?: Record<string, string>
}

export interface ScanResult {
  bytes: Buffer
  mime: 'image/png' | 'image/jpeg' | 'image/tiff'
  dpi: number
  mode: ScanMode
  /** The file a watched-folder import took the image from. */
  source?: string
}

export type DriverKind = 'sane' | 'escl' | 'wia' | 'folder'

export interface ScannerDriver {
  readonly kind: DriverKind
  list(): Promise<ScannerDevice[]>
  capabilities(id: string): Promise<ScannerCapabilities>
  scan(id: string, req: ScanRequest): Promise<ScanResult>
}

/** What went wrong, in terms staff can act on. */
export type ScanFailure =
  'absent' | 'busy' | 'jammed' | 'no_paper' | 'cover_open' | 'cancelled' | 'timeout' | 'failed'

const ADVICE: Record<ScanFailure, string> = {
  absent: 'is not connected or not reachable; check the cable, power and address',
  busy: 'is busy with another job; wait for it to finish and scan again',
  jammed: 'has a paper jam; clear the feeder and scan again',
  no_paper: 'has no document in the feeder; insert the document and scan again',
  cover_open: 'has its cover open; close it and scan again',
  cancelled: 'scan was cancelled',
  timeout: 'did not deliver an image in time; check the device and scan again',
  failed: 'failed to scan',
}

export class ScannerError extends AppError {
  readonly failure: ScanFailure
  constructor(device: string, failure: ScanFailure, detail?: string) {
    const code = failure === 'absent' ? 'not_found' : 'unavailable'
    const text = `scanner ${device} ${ADVICE[failure]}${detail === undefined ? '' : ` (${detail})`}`
    super(code, text)
    this.name = 'ScannerError'
    this.failure = failure
  }
}

/** Resolutions offered inside a continuous range: the ones people actually pick. */
export const COMMON_DPI = [75, 100, 150, 200, 300, 400, 600, 1200] as const

export function checkRequest(id: string, req: ScanRequest, caps?: ScannerCapabilities): void {
  if (!Number.isInteger(req.dpi) || req.dpi < 50 || req.dpi > 1200) {
    throw new AppError(
      'invalid_input',
      `--dpi must be a whole number from 50 to 1200 (got ${req.dpi})`,
    )
  }
  if (!SCAN_MODES.includes(req.mode)) {
    throw new AppError('invalid_input', `--mode must be color or gray (got ${String(req.mode)})`)
  }
  if (caps !== undefined && caps.modes.length > 0 && !caps.modes.includes(req.mode)) {
    throw new AppError(
      'invalid_input',
      `scanner ${id} cannot scan in ${req.mode} (offers ${caps.modes.join(', ')})`,
    )
  }
}

/** Splits `driver:address` device ids. */
export function splitId(id: string): { driver: string; address: string } {
  const at = id.indexOf(':')
  if (at <= 0) {
    throw new AppError(
      'invalid_input',
      `device "${id}" has no driver prefix; use one listed by \`kiosk scanners list\` (sane:…, escl:…, wia:…, folder:…)`,
    )
  }
  return { driver: id.slice(0, at), address: id.slice(at + 1) }
}
