/** Reads and writes settings: validated per key, secrets sealed by the device key. */
import { type z } from 'zod'
import { AppError, describeZodError } from '../../shared/contract/result'
import {
  configurationProblems,
  defaultSettings,
  isSecretSetting,
  isSettingKey,
  SETTING_KEYS,
  SETTINGS,
  type PublicSettings,
  type SettingKey,
  type Settings,
} from '../../shared/domain/settings.schema'
import type { Keyring } from '../crypto/keyring'
import type { Db } from '../store/database'

export type SettingsService = ReturnType<typeof createSettingsService>
type Value = string | number | boolean

export function createSettingsService(
  db: Db,
  keyring: Keyring,
  clock: () => Date = () => new Date(),
) {
  const selectAll = db.prepare('SELECT key, value FROM settings')
  const upsert = db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?)
    ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`)

  /** Full settings, secrets in clear: for the core's own use, never for display. */
  function read(): Settings {
    const s = defaultSettings() as Record<SettingKey, Value>
    for (const { key, value } of selectAll.all() as { key: string; value: string }[]) {
      if (!isSettingKey(key)) continue // a setting an older version wrote; ignore it
      s[key] = isSecretSetting(key) ? unseal(key, value) : (JSON.parse(value) as Value)
    }
    return s as Settings
  }

  function publicView(): { values: PublicSettings; problems: string[] } {
    const s = read()
    const values = { ...s, 'backend.apiKey': s['backend.apiKey'] === '' ? 'not set' : 'set' }
    return { values: values as PublicSettings, problems: configurationProblems(s) }
  }

  /** `value` may be typed (UI) or text (CLI); text is converted by the setting's kind. */
  function set(key: string, value: Value): { values: PublicSettings; problems: string[] } {
    if (!isSettingKey(key)) {
      throw new AppError(
        'invalid_input',
        `unknown setting "${key}"; known settings: ${SETTING_KEYS.join(', ')}`,
      )
    }
    const parsed = parseValue(key, value)
    const stored = isSecretSetting(key) ? seal(key, String(parsed)) : JSON.stringify(parsed)
    upsert.run(key, stored, clock().toISOString())
    return publicView()
  }

  function seal(key: string, value: string): string {
    return keyring.wrap(Buffer.from(value, 'utf8'), `setting:${key}`).toString('base64')
  }
  function unseal(key: string, stored: string): string {
    return keyring.unwrap(Buffer.from(stored, 'base64'), `setting:${key}`).toString('utf8')
  }

  return { read, publicView, set }
}

function parseValue(key: SettingKey, value: Value): Value {
  const spec = SETTINGS[key]
  let candidate: unknown = value
  if (typeof value === 'string') {
    const text = value.trim()
    if (spec.kind === 'number') {
      candidate = text === '' || Number.isNaN(Number(text)) ? text : Number(text)
    } else if (spec.kind === 'boolean') {
      candidate = /^(true|yes|on|1)$/i.test(text)
        ? true
        : /^(false|no|off|0)$/i.test(text)
          ? false
          : text
    }
  }
  const result = (spec.schema as z.ZodType).safeParse(candidate)
  if (!result.success) {
    const expected =
      spec.kind === 'boolean' ? ' (true or false)' : spec.kind === 'number' ? ' (a number)' : ''
    const detail = describeZodError(result.error)
    throw new AppError('invalid_input', `${key}: ${detail.replace(`${key} `, '')}${expected}`)
  }
  return result.data as Value
}
