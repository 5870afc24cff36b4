/**
 * Random keys the trust features need (the audit seal key, the staff-secret pepper), stored only
 * wrapped by the device key. A copy of the database alone therefore cannot forge audit entries or
 * brute-force staff PINs offline: that also takes the OS-held device key.
 */
import { randomBytes } from 'node:crypto'
import { AppError, errorText } from '../../shared/contract/result'
import type { Keyring } from '../crypto/keyring'
import { type Db } from '../store/database'

export type TrustKeyName = 'audit-seal' | 'staff-pepper'

const WHAT: Record<TrustKeyName, string> = {
  'audit-seal': 'audit trail key',
  'staff-pepper': 'staff PIN key',
}

export function trustKey(db: Db, keyring: Keyring, name: TrustKeyName, now: () => string): Buffer {
  const select = db.prepare('SELECT wrapped FROM trust_keys WHERE name = ?').pluck()
  const existing = select.get(name) as Buffer | undefined
  const open = (wrapped: Buffer): Buffer => {
    try {
      return keyring.unwrap(wrapped, `trust:${name}`)
    } catch (err) {
      throw new AppError(
        'storage',
        `the ${WHAT[name]} stored in this database cannot be opened with this device key: the ` +
          'store was written with another device key (the desktop app keeps it in the OS key ' +
          'store; the CLI reads KIOSK_DEVICE_KEY or its key file), or the stored key was damaged ' +
          `(${errorText(err)})`,
        { cause: err },
      )
    }
  }
  if (existing !== undefined) return open(existing)
  const key = randomBytes(32)
  // OR IGNORE + re-read: if another process created it in between, theirs wins for both.
  db.prepare('INSERT OR IGNORE INTO trust_keys (name, wrapped, created_at) VALUES (?, ?, ?)').run(
    name,
    keyring.wrap(key, `trust:${name}`),
    now(),
  )
  return open(select.get(name) as Buffer)
}
