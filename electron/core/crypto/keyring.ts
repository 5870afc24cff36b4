/**
 * The device key wraps every per-job data key. In the Electron app the OS holds it (safeStorage,
 * see electron/main); under plain Node (CLI, tests, browser host) it comes from KIOSK_DEVICE_KEY
 * (base64, 32 bytes) or a key file created with mode 0600. A key file next to the database only
 * protects against copying the database alone: put it elsewhere with KIOSK_KEY_FILE.
 */
import {
  chmodSync,
  constants,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs'
import { dirname } from 'node:path'
import { randomBytes } from 'node:crypto'
import { AppError } from '../../shared/contract/result'
import { KEY_BYTES, open, seal } from './aead'

export interface Keyring {
  /** Describes where the device key lives, for doctor; never the key. */
  readonly source: string
  wrap(dataKey: Uint8Array, label: string): Buffer
  unwrap(wrapped: Uint8Array, label: string): Buffer
}

export function keyringFromKey(deviceKey: Uint8Array, source: string): Keyring {
  if (deviceKey.byteLength !== KEY_BYTES) {
    throw new AppError('storage', `the device key from ${source} must be ${KEY_BYTES} bytes`)
  }
  const key = Buffer.from(deviceKey)
  return {
    source,
    wrap: (dataKey, label) => seal(key, dataKey, `key:${label}`),
    unwrap: (wrapped, label) => open(key, wrapped, `key:${label}`),
  }
}

export interface NodeKeyringOptions {
  env?: NodeJS.ProcessEnv
  /** Used when neither KIOSK_DEVICE_KEY nor KIOSK_KEY_FILE is set. */
  defaultKeyFile: string
}

export function nodeKeyring({ env = process.env, defaultKeyFile }: NodeKeyringOptions): Keyring {
  const fromEnv = env.KIOSK_DEVICE_KEY
  if (fromEnv !== undefined && fromEnv !== '') {
    return keyringFromKey(Buffer.from(fromEnv, 'base64'), 'environment (KIOSK_DEVICE_KEY)')
  }
  const file = env.KIOSK_KEY_FILE ?? defaultKeyFile
  return keyringFromKey(loadOrCreateKeyFile(file), `key file ${file}`)
}

function loadOrCreateKeyFile(file: string): Buffer {
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
    // Written whole under a temporary name, then linked into place: a crash never leaves a torn
    // key file, and if another process created one in between, link fails and we read theirs.
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, randomBytes(KEY_BYTES).toString('base64') + '\n', { mode: 0o600 })
    try {
      linkSync(tmp, file)
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      // FAT/exFAT (a key on a USB stick) has no hard links: an exclusive copy is the next best.
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') {
        try {
          copyFileSync(tmp, file, constants.COPYFILE_EXCL)
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
        }
      } else if (code !== 'EEXIST') throw err
    } finally {
      unlinkSync(tmp)
    }
  }
  if (process.platform !== 'win32') {
    const mode = statSync(file).mode & 0o777
    if ((mode & 0o077) !== 0) chmodSync(file, 0o600)
  }
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
}
