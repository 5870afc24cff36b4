/**
 * Least privilege for every window, as plain functions and values: nothing here imports electron
 * at run time (types only), so the tests evaluate the exact options and handlers the app installs,
 * with fakes shaped like Electron's objects.
 *
 * - The page runs sandboxed with context isolation, no Node, and a strict CSP; it loads only from
 *   app://kiosk (and, unpackaged, the dev server); every other request is cancelled.
 * - No navigation away, no new windows, no <webview>, no downloads.
 * - Permissions: only the camera (video, no microphone, no screen), only for our page's main
 *   frame. Electron's media permission request carries no device id, so "only the configured
 *   camera" is enforced where the camera is opened (the renderer opens camera.deviceId from
 *   settings); HID, serial and USB devices, which do carry ids, are all refused: the kiosk reaches
 *   its scanners through the core, never through the page. Geolocation, for the same page only,
 *   and only while the setting field.location is on (asked at each request, so turning it off
 *   takes effect at once).
 * - Packaged builds: devtools off (and closed if forced open), reload/devtools shortcuts dead;
 *   the self-service profile runs in kiosk mode and cannot be closed or zoomed from the keyboard.
 */
import type {
  BrowserWindowConstructorOptions,
  Input,
  Session,
  WebContents,
  WebPreferences,
} from 'electron'
import { contentSecurityPolicy } from '../shared/trust/content-security.policy'

export const APP_SCHEME = 'app'
export const APP_ORIGIN = 'app://kiosk'

/** The window's CSP: its page reaches the core over IPC, so connect-src needs nothing more. */
export const CONTENT_SECURITY_POLICY = contentSecurityPolicy()

export interface ShellConfig {
  /** app.isPackaged: a build a customer can touch. */
  production: boolean
  profile: 'staff' | 'self-service'
  /** electron-vite's dev server; ignored in production so an environment variable cannot point
   *  a packaged kiosk at someone else's page. */
  devUrl?: string | undefined
}

/** Exact-origin match (a prefix test would let app://kiosk.evil or localhost:5173.evil.com in). */
export function createUrlPolicy(cfg: Pick<ShellConfig, 'production' | 'devUrl'>) {
  const devOrigin = !cfg.production && cfg.devUrl ? originOf(cfg.devUrl) : undefined
  const isAppUrl = (url: string): boolean => {
    const o = originOf(url)
    return o !== undefined && (o === APP_ORIGIN || (devOrigin !== undefined && o === devOrigin))
  }
  /** What the page may load at all: itself, its own blobs and data, devtools in development. */
  const isAllowedRequest = (url: string): boolean => {
    if (isAppUrl(url)) return true
    if (url.startsWith('data:') || url.startsWith('blob:app://kiosk/')) return true
    if (devOrigin !== undefined) {
      if (url.startsWith(`blob:${devOrigin}/`) || url.startsWith('devtools://')) return true
      // Vite's hot reload socket on the same host.
      const ws = originOf(url.replace(/^ws(s?):/, 'http$1:'))
      if (/^wss?:/.test(url) && ws === devOrigin) return true
    }
    return false
  }
  return { isAppUrl, isAllowedRequest }
}
export type UrlPolicy = ReturnType<typeof createUrlPolicy>

function originOf(url: string): string | undefined {
  try {
    const u = new URL(url)
    // Custom schemes registered as standard report an origin; compute it the same way for all.
    return `${u.protocol}//${u.host}`
  } catch {
    return undefined
  }
}

export function secureWebPreferences(preload: string, production: boolean): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    enableBlinkFeatures: '',
    webviewTag: false,
    plugins: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    devTools: !production,
  }
}

export function windowOptions(preload: string, cfg: ShellConfig): BrowserWindowConstructorOptions {
  const base: BrowserWindowConstructorOptions = {
    width: 1280,
    height: 800,
    show: false,
    backgroundColor: '#0b1d2a',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preload, cfg.production),
  }
  if (cfg.profile !== 'self-service') return base
  // Kiosk mode is only full screen on Windows/Linux: pair it with the OS's assigned-access /
  // shell-launcher lock-down for a terminal customers walk up to.
  return {
    ...base,
    kiosk: true,
    fullscreen: true,
    frame: false,
    alwaysOnTop: true,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    closable: false,
    skipTaskbar: true,
  }
}

type PermissionRequestHandler = Parameters<Session['setPermissionRequestHandler']>[0] & {}
type PermissionCheckHandler = Parameters<Session['setPermissionCheckHandler']>[0] & {}

export interface PermissionOptions {
  /** Whether the page may have the device's position now (setting field.location). */
  geolocation?: () => boolean
}

/** Precise or approximate: both are the customer's whereabouts, under the same setting. */
const isGeolocation = (permission: string): boolean =>
  permission === 'geolocation' || permission === 'geolocation-approximate'

/** A failing settings read refuses: location is only ever collected on a clear yes. */
function geolocationOn(opts: PermissionOptions): boolean {
  try {
    return opts.geolocation?.() === true
  } catch {
    return false
  }
}

/**
 * Grants getUserMedia for video only, and geolocation while field.location is on, to our page's
 * main frame; refuses everything else.
 */
export function permissionRequestHandler(
  policy: UrlPolicy,
  opts: PermissionOptions = {},
): PermissionRequestHandler {
  return (webContents, permission, callback, details) => {
    const ours =
      details.isMainFrame &&
      policy.isAppUrl(details.requestingUrl) &&
      policy.isAppUrl(webContents.getURL())
    if (isGeolocation(permission)) return callback(ours && geolocationOn(opts))
    const types = 'mediaTypes' in details ? (details.mediaTypes ?? []) : []
    const ok =
      permission === 'media' && ours && types.length > 0 && types.every((t) => t === 'video')
    callback(ok)
  }
}

/**
 * Synchronous checks (enumerateDevices labels, permission queries): the camera, and geolocation
 * while field.location is on, for us only.
 */
export function permissionCheckHandler(
  policy: UrlPolicy,
  opts: PermissionOptions = {},
): PermissionCheckHandler {
  return (webContents, permission, requestingOrigin, details) => {
    const ours =
      policy.isAppUrl(requestingOrigin + '/') &&
      webContents !== null &&
      policy.isAppUrl(webContents.getURL())
    if (isGeolocation(permission)) {
      return ours && details.isMainFrame === true && geolocationOn(opts)
    }
    return permission === 'media' && details.mediaType !== 'audio' && ours
  }
}

export type SessionLike = Pick<
  Session,
  | 'webRequest'
  | 'setPermissionRequestHandler'
  | 'setPermissionCheckHandler'
  | 'setDevicePermissionHandler'
  | 'setDisplayMediaRequestHandler'
  | 'on'
>

/** Applied once to the default session before any window opens. */
export function lockDownSession(
  ses: SessionLike,
  policy: UrlPolicy,
  opts: PermissionOptions = {},
): void {
  ses.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !policy.isAllowedRequest(details.url) })
  })
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    })
  })
  ses.setPermissionRequestHandler(permissionRequestHandler(policy, opts))
  ses.setPermissionCheckHandler(permissionCheckHandler(policy, opts))
  ses.setDevicePermissionHandler(() => false)
  ses.setDisplayMediaRequestHandler((_request, callback) => callback(null))
  ses.on('select-hid-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  ses.on('select-usb-device', (event, _details, callback) => {
    event.preventDefault()
    callback()
  })
  ses.on('select-serial-port', (event, _ports, _wc, callback) => {
    event.preventDefault()
    callback('')
  })
  ses.on('will-download', (event) => event.preventDefault())
}

export type ContentsLike = Pick<
  WebContents,
  'on' | 'setWindowOpenHandler' | 'closeDevTools' | 'getURL'
>

/** Called for every WebContents the app creates. */
export function lockDownContents(
  contents: ContentsLike,
  policy: UrlPolicy,
  cfg: ShellConfig,
): void {
  contents.on('will-navigate', (event, url) => {
    if (!policy.isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-frame-navigate', (details) => {
    if (!policy.isAppUrl(details.url)) details.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!policy.isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
  if (cfg.production) contents.on('devtools-opened', () => contents.closeDevTools())
  contents.on('before-input-event', (event, input) => {
    if (blockedShortcut(input, cfg)) event.preventDefault()
  })
}

/** Keys that would open devtools, reload (losing the screen), close, print or zoom the kiosk. */
export function blockedShortcut(
  input: Pick<Input, 'type' | 'key' | 'control' | 'meta' | 'alt' | 'shift'>,
  cfg: ShellConfig,
): boolean {
  if (input.type !== 'keyDown') return false
  const key = input.key.toLowerCase()
  const mod = input.control || input.meta
  const devtools =
    key === 'f12' ||
    (mod && input.shift && ['i', 'j', 'c'].includes(key)) ||
    (input.meta && input.alt && key === 'i')
  const reload = key === 'f5' || (mod && key === 'r')
  if (cfg.production && (devtools || reload)) return true
  if (cfg.profile !== 'self-service') return false
  return (
    devtools ||
    reload ||
    key === 'f11' ||
    (input.alt && key === 'f4') ||
    (mod && ['w', 'q', 'p', 'n', 't', '+', '-', '=', '0', 'o', 's'].includes(key))
  )
}

/** Headers for files served from app://: the same CSP, no sniffing, no referrer. */
export function appResponseHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
  }
}

/** app:// is standard and secure (so it has an origin and getUserMedia works), nothing more:
 *  it does not bypass CSP, is not CORS-enabled, and grants no extra file access. */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const
