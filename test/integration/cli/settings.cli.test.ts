import { describe, expect, it } from 'vitest'
import { kiosk, kioskJson } from '../../support/cli'
import { tempDir } from '../../support/temp'

describe('kiosk settings', () => {
  const dataDir = tempDir()

  it('shows defaults: demo mode, no API key', () => {
    const view = kioskJson<{ values: Record<string, unknown>; problems: string[] }>(
      ['settings', 'get'],
      { dataDir },
    )
    expect(view.values['backend.mode']).toBe('demo')
    expect(view.values['backend.apiKey']).toBe('not set')
    expect(view.problems).toEqual([])
  })

  it('sets and reads back a value; the API key is never printed back', () => {
    expect(
      kioskJson(['settings', 'set', 'backend.url', 'https://api.bank.example/v1'], { dataDir }),
    ).toMatchObject({
      key: 'backend.url',
      value: 'https://api.bank.example/v1',
    })
    expect(kiosk(['settings', 'get', 'backend.url'], { dataDir }).stdout.trim()).toBe(
      'https://api.bank.example/v1',
    )
    const set = kiosk(['settings', 'set', 'backend.apiKey', 'super-secret-123'], { dataDir })
    expect(set.code).toBe(0)
    expect(set.stdout).not.toContain('super-secret-123')
    expect(set.stdout).toContain('backend.apiKey = "set"')
    const all = kiosk(['settings', 'get', '--json'], { dataDir })
    expect(all.stdout).not.toContain('super-secret-123')
  })

  it('explains live-mode configuration problems', () => {
    const r = kioskJson<{ problems: string[] }>(['settings', 'set', 'backend.mode', 'live'], {
      dataDir,
    })
    expect(r.problems).toEqual(['live mode needs backend.partnerId'])
  })

  it('refuses invalid values with a message staff can act on', () => {
    const r = kiosk(['settings', 'set', 'backend.url', 'api.bank.example'], { dataDir })
    expect(r.code).toBe(2)
    expect(r.stderr.trim()).toBe(
      'kiosk: backend.url: must be an http:// or https:// address, e.g. https://api.example.com/v1',
    )
    const k = kiosk(['settings', 'get', 'backend.colour'], { dataDir })
    expect(k.code).toBe(2)
    expect(k.stderr).toMatch(
      /^kiosk: unknown setting "backend.colour"; known settings: backend.mode, /,
    )
  })
})
