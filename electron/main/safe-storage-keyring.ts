/**
 * The device key held by the OS: generated once, stored in the data dir only as safeStorage
 * ciphertext (DPAPI on Windows, Keychain on macOS, libsecret/kwallet on Linux).
 *
 * On Linux without a keyring daemon Electron falls back to "basic_text", which "encrypts" with a
 * constant built into Chromium: no protection at all. That is refused unless the operator chose a
 * key explicitly (KIOSK_DEVICE_KEY, or KIOSK_KEY_FILE on removable or separately secured storage).
 */
import { randomBytes } from 'node:crypto'
import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { safeStorage } from 'electron'
import { AppError } from '../shared/contract/result'
import { keyringFromKey, nodeKeyring, type Keyring } from '../core/crypto/keyring'

export function safeStorageKeyring(dataDir: string, env: NodeJS.ProcessEnv = process.env): Keyring {
  const backend = safeStorage.getSelectedStorageBackend?.()
  if (!safeStorage.isEncryptionAvailable() || backend === 'basic_text') {
    if (env.KIOSK_DEVICE_KEY || env.KIOSK_KEY_FILE) {
      return nodeKeyring({ env, defaultKeyFile: join(dataDir, 'device.key') })
    }
    throw new AppError(
      'storage',
      'the operating system offers no secure key storage, so the kiosk cannot protect captured images: ' +
        'unlock or install a keyring (GNOME Keyring or KWallet), or set KIOSK_KEY_FILE to a key kept elsewhere',
    )
  }
  const file = join(dataDir, 'device.key.sealed')
  if (!existsSync(file)) {
    // Written whole to a temporary name, then linked into place: a crash never leaves a torn key
    // file, and if another process won the race, theirs is the one both use.
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, safeStorage.encryptString(randomBytes(32).toString('base64')), {
      mode: 0o600,
    })
    try {
      linkSync(tmp, file)
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    } finally {
      unlinkSync(tmp)
    }
  }
  const key = Buffer.from(safeStorage.decryptString(readFileSync(file)), 'base64')
  return keyringFromKey(key, `OS secure storage (${backend ?? process.platform})`)
}
