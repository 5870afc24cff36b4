/**
 * The window options and session/contents handlers the app installs, evaluated without Electron:
 * fakes record what security.ts registers, then the handlers are called the way Electron would.
 */
import { describe, expect, it } from 'vitest'
import {
  APP_SCHEME_PRIVILEGES,
  appResponseHeaders,
  blockedShortcut,
  CONTENT_SECURITY_POLICY,
  createUrlPolicy,
  lockDownContents,
  lockDownSession,
  windowOptions,
  type ContentsLike,
  type SessionLike,
  type ShellConfig,
} from '../../../electron/main/security'

type Fn = (...args: never[]) => unknown
const prod: ShellConfig = { production: true, profile: 'staff' }
const kioskProd: ShellConfig = { production: true, profile: 'self-service' }
const dev: ShellConfig = { production: false, profile: 'staff', devUrl: 'http://localhost:5173' }

function fakeSession() {
  const handlers: Record<string, Fn> = {}
  const listeners: Record<string, Fn> = {}
  const ses = {
    webRequest: {
      onBeforeRequest: (l: Fn) => (handlers.beforeRequest = l),
      onHeadersReceived: (l: Fn) => (handlers.headers = l),
    },
    setPermissionRequestHandler: (h: Fn) => (handlers.request = h),
    setPermissionCheckHandler: (h: Fn) => (handlers.check = h),
    setDevicePermissionHandler: (h: Fn) => (handlers.device = h),
    setDisplayMediaRequestHandler: (h: Fn) => (handlers.display = h),
    on: (event: string, l: Fn) => (listeners[event] = l),
  }
  return {
    ses: ses as unknown as SessionLike,
    handlers: handlers as Record<string, (...a: unknown[]) => unknown>,
    listeners: listeners as Record<string, (...a: unknown[]) => unknown>,
  }
}

const page = (url = 'app://kiosk/index.html') => ({ getURL: () => url })
const event = () => {
  const e = { prevented: false, preventDefault: () => (e.prevented = true) }
  return e
}

describe('window options', () => {
  it('isolate and sandbox the page, with no Node and no devtools in production', () => {
    const o = windowOptions('/app/preload/index.cjs', prod)
    expect(o.webPreferences).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      devTools: false,
    })
    expect(o.kiosk).toBeUndefined()
  })

  it('keep devtools for development builds only', () => {
    expect(windowOptions('/p', dev).webPreferences?.devTools).toBe(true)
  })

  it('run the self-service profile in kiosk mode that cannot be closed, moved or minimised', () => {
    const o = windowOptions('/p', kioskProd)
    expect(o).toMatchObject({
      kiosk: true,
      fullscreen: true,
      frame: false,
      closable: false,
      minimizable: false,
      movable: false,
      resizable: false,
    })
    expect(o.webPreferences?.sandbox).toBe(true)
  })

  it('register app:// as standard and secure only, without bypassing CSP', () => {
    expect(APP_SCHEME_PRIVILEGES.privileges).toEqual({
      standard: true,
      secure: true,
      supportFetchAPI: true,
    })
  })
})

describe('url policy', () => {
  const p = createUrlPolicy(prod)
  it.each([
    ['app://kiosk/index.html', true],
    ['app://kiosk/assets/x.js', true],
    ['app://kiosk.evil/index.html', false],
    ['app://other/index.html', false],
    ['https://example.com/', false],
    ['file:///etc/passwd', false],
    ['http://localhost:5173/', false], // a dev URL means nothing in production
    ['not a url', false],
  ])('%s is our page: %s', (url, ok) => expect(p.isAppUrl(url)).toBe(ok))

  it('ignores ELECTRON_RENDERER_URL in a packaged build', () => {
    const packaged = createUrlPolicy({ production: true, devUrl: 'https://attacker.example' })
    expect(packaged.isAppUrl('https://attacker.example/')).toBe(false)
  })

  it('allows the exact dev origin only when not packaged', () => {
    const d = createUrlPolicy(dev)
    expect(d.isAppUrl('http://localhost:5173/src/main.tsx')).toBe(true)
    expect(d.isAppUrl('http://localhost:5173.evil.com/')).toBe(false)
    expect(d.isAllowedRequest('ws://localhost:5173/')).toBe(true)
  })
})

describe('session lock-down', () => {
  const { ses, handlers, listeners } = fakeSession()
  lockDownSession(ses, createUrlPolicy(prod))

  it('cancels every request that is not our own page (no remote content)', () => {
    const decide = (url: string) => {
      let response: unknown
      handlers.beforeRequest?.({ url }, (r: unknown) => (response = r))
      return response
    }
    expect(decide('app://kiosk/index.html')).toEqual({ cancel: false })
    expect(decide('data:image/png;base64,AAAA')).toEqual({ cancel: false })
    expect(decide('blob:app://kiosk/1234')).toEqual({ cancel: false })
    expect(decide('https://cdn.example.com/x.js')).toEqual({ cancel: true })
    expect(decide('http://127.0.0.1:8080/')).toEqual({ cancel: true })
    expect(decide('file:///etc/passwd')).toEqual({ cancel: true })
  })

  it('adds the strict CSP to every response', () => {
    let out: { responseHeaders: Record<string, string[]> } | undefined
    handlers.headers?.({ responseHeaders: { 'X-A': ['1'] } }, (r: typeof out) => (out = r))
    expect(out?.responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY])
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self' 'wasm-unsafe-eval'")
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'")
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline')
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:/)
  })

  const ask = (permission: string, details: Record<string, unknown>, wc = page()) => {
    let granted: boolean | undefined
    handlers.request?.(wc, permission, (g: boolean) => (granted = g), {
      isMainFrame: true,
      requestingUrl: 'app://kiosk/index.html',
      ...details,
    })
    return granted
  }

  it.each<[string, string, Record<string, unknown>, boolean]>([
    ['the camera for our page', 'media', { mediaTypes: ['video'] }, true],
    ['camera and microphone together', 'media', { mediaTypes: ['video', 'audio'] }, false],
    ['the microphone', 'media', { mediaTypes: ['audio'] }, false],
    ['media with no type', 'media', { mediaTypes: [] }, false],
    ['the camera for an iframe', 'media', { mediaTypes: ['video'], isMainFrame: false }, false],
    [
      'the camera for another origin',
      'media',
      { mediaTypes: ['video'], requestingUrl: 'https://evil.example/' },
      false,
    ],
    ['screen capture', 'display-capture', {}, false],
    ['geolocation', 'geolocation', {}, false],
    ['notifications', 'notifications', {}, false],
    ['clipboard', 'clipboard-read', {}, false],
    ['opening links outside', 'openExternal', {}, false],
    ['HID devices', 'hid', {}, false],
    ['USB devices', 'usb', {}, false],
    ['serial ports', 'serial', {}, false],
  ])('request for %s (%s)', (_n, permission, details, expected) => {
    expect(ask(permission, details)).toBe(expected)
  })

  it('refuses the camera to a page that navigated away', () => {
    expect(ask('media', { mediaTypes: ['video'] }, page('https://evil.example/'))).toBe(false)
  })

  it('answers permission checks for the camera only', () => {
    const check = (perm: string, origin: string, mediaType?: string) =>
      handlers.check?.(page(), perm, origin, { mediaType })
    expect(check('media', 'app://kiosk', 'video')).toBe(true)
    expect(check('media', 'app://kiosk', 'audio')).toBe(false)
    expect(check('media', 'https://evil.example', 'video')).toBe(false)
    expect(check('geolocation', 'app://kiosk')).toBe(false)
    expect(handlers.check?.(null, 'media', 'app://kiosk', { mediaType: 'video' })).toBe(false)
  })

  it('refuses every HID/USB/serial device and screen share, and every download', () => {
    expect(handlers.device?.({ deviceType: 'usb', origin: 'app://kiosk' })).toBe(false)
    let streams: unknown = 'unset'
    handlers.display?.({}, (s: unknown) => (streams = s))
    expect(streams).toBeNull()
    for (const name of ['select-hid-device', 'select-usb-device']) {
      const e = event()
      let picked: unknown = 'unset'
      listeners[name]?.(e, {}, (id?: string) => (picked = id))
      expect(e.prevented).toBe(true)
      expect(picked).toBeUndefined()
    }
    const e = event()
    let port: unknown
    listeners['select-serial-port']?.(e, [], {}, (id: string) => (port = id))
    expect([e.prevented, port]).toEqual([true, ''])
    const d = event()
    listeners['will-download']?.(d)
    expect(d.prevented).toBe(true)
  })
})

describe('contents lock-down', () => {
  function fakeContents() {
    const on: Record<string, (...a: unknown[]) => unknown> = {}
    const state = {
      windowOpen: undefined as undefined | ((d: unknown) => unknown),
      devtoolsClosed: 0,
    }
    const contents = {
      on: (name: string, l: (...a: unknown[]) => unknown) => (on[name] = l),
      setWindowOpenHandler: (h: (d: unknown) => unknown) => (state.windowOpen = h),
      closeDevTools: () => state.devtoolsClosed++,
      getURL: () => 'app://kiosk/index.html',
    }
    return { contents: contents as unknown as ContentsLike, on, state }
  }

  it('blocks navigation, redirects, frames navigating away, webviews and new windows', () => {
    const { contents, on, state } = fakeContents()
    lockDownContents(contents, createUrlPolicy(prod), prod)
    const nav = (name: string, url: string) => {
      const e = event()
      on[name]?.(e, url)
      return e.prevented
    }
    expect(nav('will-navigate', 'https://evil.example/')).toBe(true)
    expect(nav('will-navigate', 'app://kiosk/other.html')).toBe(false)
    expect(nav('will-redirect', 'https://evil.example/')).toBe(true)
    const frame = Object.assign(event(), { url: 'https://evil.example/' })
    on['will-frame-navigate']?.(frame)
    expect(frame.prevented).toBe(true)
    const w = event()
    on['will-attach-webview']?.(w)
    expect(w.prevented).toBe(true)
    expect(state.windowOpen?.({ url: 'app://kiosk/x' })).toEqual({ action: 'deny' })
    on['devtools-opened']?.()
    expect(state.devtoolsClosed).toBe(1)
  })

  it('leaves devtools alone in development', () => {
    const { contents, on } = fakeContents()
    lockDownContents(contents, createUrlPolicy(dev), dev)
    expect(on['devtools-opened']).toBeUndefined()
  })
})

describe('keyboard shortcuts', () => {
  const key = (
    k: string,
    mods: Partial<{ control: boolean; meta: boolean; alt: boolean; shift: boolean }> = {},
  ) => ({
    type: 'keyDown',
    key: k,
    control: false,
    meta: false,
    alt: false,
    shift: false,
    ...mods,
  })
  it.each<[string, ReturnType<typeof key>, ShellConfig, boolean]>([
    ['F12 in production', key('F12'), prod, true],
    ['Ctrl+Shift+I in production', key('I', { control: true, shift: true }), prod, true],
    ['Ctrl+R in production', key('r', { control: true }), prod, true],
    ['F12 in development', key('F12'), dev, false],
    ['Ctrl+W at a staff desk', key('w', { control: true }), prod, false],
    ['Ctrl+W at a self-service terminal', key('w', { control: true }), kioskProd, true],
    ['Alt+F4 at a self-service terminal', key('F4', { alt: true }), kioskProd, true],
    ['zoom at a self-service terminal', key('+', { control: true }), kioskProd, true],
    ['typing a letter at a self-service terminal', key('a'), kioskProd, false],
    ['Enter at a self-service terminal', key('Enter'), kioskProd, false],
  ])('%s blocked: %s', (_n, input, cfg, blocked) => {
    expect(blockedShortcut(input, cfg)).toBe(blocked)
  })
})

describe('app:// responses', () => {
  it('carry the CSP and nosniff', () => {
    expect(appResponseHeaders('text/html')).toMatchObject({
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
      'X-Content-Type-Options': 'nosniff',
    })
  })
})
