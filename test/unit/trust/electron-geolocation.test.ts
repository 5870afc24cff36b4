/**
 * Geolocation in the Electron window: granted to our own page's main frame only while the setting
 * field.location is on, read at each request (so switching it off takes effect without a restart),
 * and a supervisor's decision, not something staff switch on alone.
 */
import { describe, expect, it } from 'vitest'
import {
  createUrlPolicy,
  lockDownSession,
  type SessionLike,
  type ShellConfig,
} from '../../../electron/main/security'
import { settingNeedsApproval } from '../../../electron/shared/trust/access.policy'
import { defaultSettings, SETTINGS } from '../../../electron/shared/domain/settings.schema'

type Handler = (...a: unknown[]) => unknown
const prod: ShellConfig = { production: true, profile: 'staff' }

/** A session fake that keeps the two permission handlers lockDownSession installs. */
function installed(geolocation: () => boolean) {
  const h: Record<string, Handler> = {}
  const ses = {
    webRequest: { onBeforeRequest: () => undefined, onHeadersReceived: () => undefined },
    setPermissionRequestHandler: (f: Handler) => (h.request = f),
    setPermissionCheckHandler: (f: Handler) => (h.check = f),
    setDevicePermissionHandler: () => undefined,
    setDisplayMediaRequestHandler: () => undefined,
    on: () => undefined,
  }
  lockDownSession(ses as unknown as SessionLike, createUrlPolicy(prod), { geolocation })
  const page = (url: string) => ({ getURL: () => url })
  return {
    request: (
      permission: string,
      details: Record<string, unknown> = {},
      pageUrl = 'app://kiosk/index.html',
    ) => {
      let granted: boolean | undefined
      h.request?.(page(pageUrl), permission, (g: boolean) => (granted = g), {
        isMainFrame: true,
        requestingUrl: 'app://kiosk/index.html',
        ...details,
      })
      return granted
    },
    check: (permission: string, origin = 'app://kiosk', isMainFrame = true) =>
      h.check?.(page('app://kiosk/index.html'), permission, origin, { isMainFrame }),
  }
}

describe('geolocation permission (field.location)', () => {
  const on = installed(() => true)
  const off = installed(() => false)

  it.each<[string, ReturnType<typeof installed>, string, Record<string, unknown>, string, boolean]>(
    [
      ['setting on, our page', on, 'geolocation', {}, 'app://kiosk/index.html', true],
      ['setting on, approximate', on, 'geolocation-approximate', {}, 'app://kiosk/', true],
      ['setting off, our page', off, 'geolocation', {}, 'app://kiosk/index.html', false],
      ['setting on, an iframe', on, 'geolocation', { isMainFrame: false }, 'app://kiosk/', false],
      [
        'setting on, another origin asks',
        on,
        'geolocation',
        { requestingUrl: 'https://evil.example/' },
        'app://kiosk/',
        false,
      ],
      ['setting on, page navigated away', on, 'geolocation', {}, 'https://evil.example/', false],
      [
        'setting on, still no microphone',
        on,
        'media',
        { mediaTypes: ['audio'] },
        'app://kiosk/',
        false,
      ],
      [
        'setting on, the camera still works',
        on,
        'media',
        { mediaTypes: ['video'] },
        'app://kiosk/',
        true,
      ],
      ['setting on, notifications still refused', on, 'notifications', {}, 'app://kiosk/', false],
    ],
  )('request: %s', (_name, session, permission, details, pageUrl, expected) => {
    expect(session.request(permission, details, pageUrl)).toBe(expected)
  })

  it('answers permission checks the same way', () => {
    expect(on.check('geolocation')).toBe(true)
    expect(off.check('geolocation')).toBe(false)
    expect(on.check('geolocation', 'https://evil.example')).toBe(false)
    expect(on.check('geolocation', 'app://kiosk', false)).toBe(false)
  })

  it('reads the setting at every request, and refuses when it cannot be read', () => {
    let value = false
    const live = installed(() => value)
    expect(live.request('geolocation')).toBe(false)
    value = true
    expect(live.request('geolocation')).toBe(true)
    value = false
    expect(live.check('geolocation')).toBe(false)
    const broken = installed(() => {
      throw new Error('store closed')
    })
    expect(broken.request('geolocation')).toBe(false)
    expect(broken.check('geolocation')).toBe(false)
  })

  it('is off by default, described, and needs a supervisor to change', () => {
    expect(defaultSettings()['field.location']).toBe(false)
    expect(SETTINGS['field.location'].description).toMatch(/consent/)
    expect(settingNeedsApproval('field.location')).toBe(true)
    expect(SETTINGS['field.location'].schema.safeParse('yes').success).toBe(false)
  })
})
