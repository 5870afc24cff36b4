/** Every kiosk setting: schema, default, and a description staff can read. Shared with the UI. */
import { z } from 'zod'

const httpUrl = (what: string) =>
  z
    .string()
    .trim()
    // Bounded like every other text setting: a change is audited with its old and new value.
    .max(2048, `${what} is at most 2048 characters`)
    .refine((v) => v === '' || isHttpUrl(v), {
      message: `${what} must be an http:// or https:// address, e.g. https://api.example.com/v1`,
    })

function isHttpUrl(v: string): boolean {
  try {
    const u = new URL(v)
    return u.protocol === 'http:' || u.protocol === 'https:'
  } catch {
    return false
  }
}

type Kind = 'string' | 'number' | 'boolean' | 'enum'
interface SettingSpec<S extends z.ZodType> {
  kind: Kind
  schema: S
  default: z.output<S>
  description: string
  /** Secrets are stored encrypted and never read back out through any interface. */
  secret?: true
}
const spec = <S extends z.ZodType>(s: SettingSpec<S>): SettingSpec<S> => s

export const SETTINGS = {
  'backend.mode': spec({
    kind: 'enum',
    schema: z.enum(['demo', 'live'], { message: 'backend.mode is "demo" or "live"' }),
    default: 'demo',
    description:
      'demo: jobs go to the sandbox backend bundled with the kiosk; live: to backend.url',
  }),
  'backend.url': spec({
    kind: 'string',
    schema: httpUrl('backend.url'),
    default: '',
    description: 'Base URL of the verification backend, ending in /v1 (live mode)',
  }),
  'backend.partnerId': spec({
    kind: 'string',
    schema: z
      .string()
      .trim()
      .regex(
        /^[0-9A-Za-z-]{0,32}$/,
        'backend.partnerId is the partner id from the portal, e.g. 001',
      ),
    default: '',
    description: 'Partner id issued by the backend (signed exactly as typed: "001" ≠ "1")',
  }),
  'backend.apiKey': spec({
    kind: 'string',
    schema: z.string().trim().max(512, 'backend.apiKey is too long'),
    default: '',
    description: 'API key for request signatures (write-only; stored encrypted)',
    secret: true,
  }),
  'backend.callbackUrl': spec({
    kind: 'string',
    schema: httpUrl('backend.callbackUrl'),
    default: '',
    description: 'Where the backend sends signed results (optional)',
  }),
  'relay.url': spec({
    kind: 'string',
    schema: httpUrl('relay.url'),
    default: '',
    description: "The bank's endpoint that receives every final result (optional)",
  }),
  'backend.caFile': spec({
    kind: 'string',
    schema: z.string().trim().max(1024),
    default: '',
    description:
      'PEM file of an extra certificate to trust for the backend, e.g. the sandbox-cert.pem of `kiosk sandbox --tls` (empty: system roots only)',
  }),
  'sync.concurrency': spec({
    kind: 'number',
    schema: z
      .number()
      .int()
      .min(1, 'sync.concurrency is from 1 to 64')
      .max(64, 'sync.concurrency is from 1 to 64'),
    default: 8,
    description: 'Jobs sync works on at once (each is prep, upload, then result polls)',
  }),
  'sync.intervalSec': spec({
    kind: 'number',
    schema: z
      .number()
      .int()
      .min(5, 'sync.intervalSec is from 5 to 3600')
      .max(3600, 'sync.intervalSec is from 5 to 3600'),
    default: 30,
    description: 'How often the app looks for work when idle (new captures start sync at once)',
  }),
  'sync.maxRequestsPerSec': spec({
    kind: 'number',
    schema: z
      .number()
      .min(0, 'sync.maxRequestsPerSec is 0 (no limit) or more')
      .max(1000, 'sync.maxRequestsPerSec is at most 1000'),
    default: 0,
    description:
      'Most backend requests per second this kiosk sends (0: no limit); a fleet sets it to its backend ceiling divided by the number of kiosks, e.g. 0.2',
  }),
  'field.recipientKey': spec({
    kind: 'string',
    schema: z
      .string()
      .trim()
      .regex(
        /^(kiosk-x25519:[A-Za-z0-9_-]{43})?$/,
        'field.recipientKey is the kiosk-x25519:… key printed by `kiosk field recipient init` on the branch machine',
      ),
    default: '',
    description:
      'Public key export bundles are encrypted for (the branch machine that imports them)',
  }),
  'field.maxBacklog': spec({
    kind: 'number',
    schema: z.number().int().min(0, 'field.maxBacklog is 0 (no limit) or more'),
    default: 500,
    description:
      'Refuse new captures while this many jobs wait for the backend and are not exported (0: no limit)',
  }),
  'field.maxDaysWithoutSync': spec({
    kind: 'number',
    schema: z.number().int().min(0, 'field.maxDaysWithoutSync is 0 (no limit) or more').max(365),
    default: 14,
    description:
      'Refuse new captures when the kiosk has not reached the backend for this many days (0: no limit)',
  }),
  // Where a customer was enrolled is personal data: off unless a supervisor turns it on
  // (access.policy lists it under no staff-only prefix, so a change needs approval).
  'field.location': spec({
    kind: 'boolean',
    schema: z.boolean({ message: 'field.location is true or false' }),
    default: false,
    description:
      "Record the device's position (GPS or the OS location service) with each capture; customers are told in the consent text",
  }),
  'camera.deviceId': spec({
    kind: 'string',
    schema: z.string().max(512),
    default: '',
    description: 'Stable id of the chosen camera (empty: the first camera found)',
  }),
  'camera.label': spec({
    kind: 'string',
    schema: z.string().max(512),
    default: '',
    description: 'Label of the chosen camera, shown to staff',
  }),
  'camera.width': spec({
    kind: 'number',
    schema: z.number().int().min(320, 'camera.width is at least 320').max(4096),
    default: 1280,
    description: 'Requested capture width in pixels',
  }),
  'camera.height': spec({
    kind: 'number',
    schema: z.number().int().min(240, 'camera.height is at least 240').max(4096),
    default: 720,
    description: 'Requested capture height in pixels',
  }),
  'scanner.device': spec({
    kind: 'string',
    schema: z.string().max(512),
    default: '',
    description: 'Document scanner to use (see `kiosk scanners list`; empty: camera only)',
  }),
  'scanner.esclUrls': spec({
    kind: 'string',
    schema: z
      .string()
      .trim()
      .max(2048)
      .refine((v) => v.split(/[\s,]+/).every((u) => u === '' || isHttpUrl(u)), {
        message:
          'scanner.esclUrls is a comma-separated list of http(s) eSCL addresses, e.g. http://192.168.1.20/eSCL',
      }),
    default: '',
    description: 'Driverless (eSCL/AirScan) scanners by address, comma-separated',
  }),
  'scanner.watchFolder': spec({
    kind: 'string',
    schema: z.string().trim().max(1024),
    default: '',
    description: 'Folder a passport reader drops images into (empty: none)',
  }),
  'ui.language': spec({
    kind: 'enum',
    schema: z.enum(['en', 'fr', 'ar'], { message: 'ui.language is one of en, fr, ar' }),
    default: 'en',
    description: 'Language of the customer screens',
  }),
  'ui.profile': spec({
    kind: 'enum',
    schema: z.enum(['staff', 'self-service'], {
      message: 'ui.profile is "staff" or "self-service"',
    }),
    default: 'staff',
    description: 'staff: desk kiosk run by branch staff; self-service: customer terminal',
  }),
  'ui.idleTimeoutSec': spec({
    kind: 'number',
    schema: z.number().int().min(15, 'ui.idleTimeoutSec is at least 15').max(3600),
    default: 90,
    description: 'Seconds without input before the screen is wiped',
  }),
  'capture.activeLiveness': spec({
    kind: 'boolean',
    schema: z.boolean(),
    default: true,
    description: 'Ask the customer to turn, look up, blink or smile before capture',
  }),
  'capture.document': spec({
    kind: 'enum',
    schema: z.enum(['off', 'optional', 'required'], {
      message: 'capture.document is off, optional or required',
    }),
    default: 'optional',
    description: 'Whether the flow asks for an ID document',
  }),
  'inference.provider': spec({
    kind: 'enum',
    schema: z.enum(['auto', 'cpu', 'cuda', 'dml', 'coreml'], {
      message: 'inference.provider is one of auto, cpu, cuda, dml, coreml',
    }),
    default: 'auto',
    description:
      'Where face models run: auto picks CUDA (Linux), DirectML (Windows) or CoreML (macOS), else CPU',
  }),
  'thresholds.faceMatch': spec({
    kind: 'number',
    schema: z
      .number()
      .min(0, 'thresholds.faceMatch is between 0 and 1')
      .max(1, 'thresholds.faceMatch is between 0 and 1'),
    // 0.45 is calibrated, not a guess: scripts/calibrate-face.ts on shared/data/faces puts it where
    // a normal fit of impostor scores predicts FMR 1e-5; measured FMR 0/585, FNMR 0/45 there.
    // Operating point in FACE_MATCH_CALIBRATION (electron/shared/face/match.policy.ts).
    default: 0.45,
    description: 'Cosine similarity at or above which two faces are the same person',
  }),
  'thresholds.liveness': spec({
    kind: 'number',
    schema: z
      .number()
      .min(0, 'thresholds.liveness is between 0 and 1')
      .max(1, 'thresholds.liveness is between 0 and 1'),
    default: 0.5,
    description: 'Probability live at or above which passive liveness passes',
  }),
  'thresholds.minFreeDiskMb': spec({
    kind: 'number',
    schema: z.number().int().min(0),
    default: 500,
    description: 'Refuse new captures when less disk than this is free (MB)',
  }),
  'retention.imagesHours': spec({
    kind: 'number',
    schema: z.number().int().min(0, 'retention.imagesHours is 0 or more').max(8760),
    default: 24,
    description: "Hours after the backend's final result before a job's images are purged",
  }),
  'staff.idleTimeoutSec': spec({
    kind: 'number',
    schema: z.number().int().min(60, 'staff.idleTimeoutSec is at least 60').max(7200),
    default: 300,
    description: 'Seconds without activity before staff are signed out',
  }),
  'staff.maxFailedAttempts': spec({
    kind: 'number',
    schema: z.number().int().min(3, 'staff.maxFailedAttempts is from 3 to 20').max(20),
    default: 5,
    description: 'Wrong PINs in a row before a staff account locks',
  }),
  'staff.lockoutMinutes': spec({
    kind: 'number',
    schema: z.number().int().min(1, 'staff.lockoutMinutes is from 1 to 1440').max(1440),
    default: 15,
    description: 'How long a locked staff account stays locked (minutes)',
  }),
} as const

export type SettingKey = keyof typeof SETTINGS
export type Settings = { [K in SettingKey]: z.output<(typeof SETTINGS)[K]['schema']> }
export const SETTING_KEYS = Object.keys(SETTINGS) as SettingKey[]

export const isSettingKey = (k: string): k is SettingKey => Object.hasOwn(SETTINGS, k)
export const isSecretSetting = (k: SettingKey): boolean =>
  (SETTINGS[k] as { secret?: true }).secret === true

export function defaultSettings(): Settings {
  return Object.fromEntries(SETTING_KEYS.map((k) => [k, SETTINGS[k].default])) as Settings
}

/** Settings as shown to any reader: secrets replaced by whether they are set. */
export type PublicSettings = Omit<Settings, 'backend.apiKey'> & {
  'backend.apiKey': 'set' | 'not set'
}

/** Problems that span several settings; each message says what to do. */
export function configurationProblems(s: Settings): string[] {
  const problems: string[] = []
  if (s['backend.mode'] === 'live') {
    if (s['backend.url'] === '') problems.push('live mode needs backend.url (the backend base URL)')
    if (s['backend.partnerId'] === '') problems.push('live mode needs backend.partnerId')
    if (s['backend.apiKey'] === '') problems.push('live mode needs backend.apiKey')
    if (s['backend.url'].startsWith('http://') && !isLoopback(s['backend.url'])) {
      problems.push('backend.url must use https:// unless it is on this machine')
    }
  }
  return problems
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname
  return host === '127.0.0.1' || host === 'localhost' || host === '[::1]'
}
