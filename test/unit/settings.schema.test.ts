import { describe, expect, it } from 'vitest'
import {
  configurationProblems,
  defaultSettings,
  SETTING_KEYS,
  SETTINGS,
} from '../../electron/shared/domain/settings.schema'

describe('settings schema', () => {
  it('has valid defaults for every setting, and a description', () => {
    for (const k of SETTING_KEYS) {
      expect(SETTINGS[k].schema.safeParse(SETTINGS[k].default).success, k).toBe(true)
      expect(SETTINGS[k].description.length, k).toBeGreaterThan(10)
    }
  })

  it('a fresh install is in demo mode and needs no configuration', () => {
    expect(defaultSettings()['backend.mode']).toBe('demo')
    expect(configurationProblems(defaultSettings())).toEqual([])
  })

  it('live mode says what is missing, in words staff can act on', () => {
    const s = { ...defaultSettings(), 'backend.mode': 'live' as const }
    expect(configurationProblems(s)).toEqual([
      'live mode needs backend.url (the backend base URL)',
      'live mode needs backend.partnerId',
      'live mode needs backend.apiKey',
    ])
    const insecure = {
      ...s,
      'backend.url': 'http://bank.example/v1',
      'backend.partnerId': '001',
      'backend.apiKey': 'k',
    }
    expect(configurationProblems(insecure)).toEqual([
      'backend.url must use https:// unless it is on this machine',
    ])
    expect(
      configurationProblems({ ...insecure, 'backend.url': 'http://127.0.0.1:8080/v1' }),
    ).toEqual([])
  })

  it('rejects a URL that is not http(s) with an example', () => {
    const r = SETTINGS['backend.url'].schema.safeParse('ftp://x')
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.message).toMatch(
      /must be an http:\/\/ or https:\/\/ address, e\.g\./,
    )
  })
})
