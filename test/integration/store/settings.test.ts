import { randomBytes } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openCore } from '../../../electron/core/core'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { tempDir } from '../../support/temp'

describe('settings', () => {
  it('validates each value and explains what is wrong', () => {
    const core = openCore({ dataDir: tempDir(), keyring: keyringFromKey(randomBytes(32), 't') })
    expect(() => core.settings.set('backend.url', 'not a url')).toThrow(
      /backend.url: must be an http/,
    )
    expect(() => core.settings.set('camera.width', 'wide')).toThrow(/camera.width: .* \(a number\)/)
    expect(() => core.settings.set('capture.activeLiveness', 'maybe')).toThrow(/\(true or false\)/)
    expect(() => core.settings.set('no.such', 'x')).toThrow(
      /unknown setting "no.such"; known settings: backend.mode/,
    )
    expect(core.settings.set('camera.width', '1920').values['camera.width']).toBe(1920)
    expect(
      core.settings.set('capture.activeLiveness', 'off').values['capture.activeLiveness'],
    ).toBe(false)
    core.close()
  })

  it('stores the API key encrypted and never reads it back out', () => {
    const dir = tempDir()
    const core = openCore({ dataDir: dir, keyring: keyringFromKey(randomBytes(32), 't') })
    const secret = 'sk-live-' + randomBytes(12).toString('hex')
    const view = core.settings.set('backend.apiKey', secret)
    expect(view.values['backend.apiKey']).toBe('set')
    expect(JSON.stringify(core.settings.publicView())).not.toContain(secret)
    expect(core.settings.read()['backend.apiKey']).toBe(secret)
    core.db.pragma('wal_checkpoint(TRUNCATE)')
    for (const f of readdirSync(dir)) {
      expect(readFileSync(join(dir, f)).includes(Buffer.from(secret)), f).toBe(false)
    }
    core.close()
  })
})
