/** Least privilege for every window: no navigation, no new windows, camera only, strict CSP. */
import { session, type BrowserWindowConstructorOptions, type WebContents } from 'electron'

export const APP_ORIGIN = 'app://kiosk'

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob: data:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'none'",
].join('; ')

export function secureWebPreferences(
  preload: string,
): BrowserWindowConstructorOptions['webPreferences'] {
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
    webviewTag: false,
    spellcheck: false,
    navigateOnDragDrop: false,
    devTools: process.env.NODE_ENV === 'development',
  }
}

/** Applied once to the default session before any window opens. */
export function lockDownSession(): void {
  const ses = session.defaultSession
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    })
  })
  // Only the camera (video capture) is ever granted; everything else is refused.
  ses.setPermissionRequestHandler((wc, permission, callback, details) => {
    const fromApp = isAppUrl(wc.getURL())
    const videoOnly =
      permission === 'media' &&
      'mediaTypes' in details &&
      (details.mediaTypes ?? []).every((t) => t === 'video')
    callback(fromApp && videoOnly)
  })
  ses.setPermissionCheckHandler(
    (wc, permission) => permission === 'media' && wc !== null && isAppUrl(wc.getURL()),
  )
}

/** Called for every WebContents the app creates. */
export function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault()
  })
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

export function isAppUrl(url: string): boolean {
  return (
    url.startsWith(APP_ORIGIN + '/') ||
    (process.env.ELECTRON_RENDERER_URL !== undefined &&
      url.startsWith(process.env.ELECTRON_RENDERER_URL))
  )
}
