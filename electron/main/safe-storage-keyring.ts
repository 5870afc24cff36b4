/**
 * The device key held by the OS: generated once, stored in the data dir only as safeStorage
 * ciphertext (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { safeStorage } from 'electron'
import { AppError } from '../shared/contract/result'
import { keyringFromKey, type Keyring } from '../core/crypto/keyring'

export function safeStorageKeyring(dataDir: string): Keyring {
  if (!safeStorage.isEncryptionAvailable()) {
    throw new AppError(
      'storage',
      'the operating system offers no secure key storage; the kiosk cannot protect captured images',
    )
  }
  const file = join(dataDir, 'device.key.sealed')
  if (!existsSync(file)) {
    const sealed = safeStorage.encryptString(randomBytes(32).toString('base64'))
    writeFileSync(file, sealed, { mode: 0o600, flag: 'wx' })
  }
  const key = Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64')
  return keyringFromKey(
    key,
    `OS secure storage (${safeStorage.getSelectedStorageBackend?.() ?? process.platform})`,
  )
}
