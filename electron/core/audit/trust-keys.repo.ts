/**
 * Random keys the trust features need (the audit seal key, the staff-secret pepper), stored only
 * wrapped by the device key. A copy of the database alone therefore cannot forge audit entries or
 * brute-force staff PINs offline: that also takes the OS-held device key.
 */
import { randomBytes } from 'node:crypto'
import type { Keyring } from '../crypto/keyring'
import type { Db } from '../store/database'

export type TrustKeyName = 'audit-seal' | 'staff-pepper'

export function trustKey(db: Db, keyring: Keyring, name: TrustKeyName, now: () => string): Buffer {
  const select = db.prepare('SELECT wrapped FROM trust_keys WHERE name = ?').pluck()
  const existing = select.get(name) as Buffer | undefined
  if (existing !== undefined) return keyring.unwrap(existing, `trust:${name}`)
  const key = randomBytes(32)
  // OR IGNORE + re-read: if another process created it in between, theirs wins for both.
  db.prepare('INSERT OR IGNORE INTO trust_keys (name, wrapped, created_at) VALUES (?, ?, ?)').run(
    name,
    keyring.wrap(key, `trust:${name}`),
    now(),
  )
  return keyring.unwrap(select.get(name) as Buffer, `trust:${name}`)
}
