/** AES-256-GCM sealing. Layout: version(1) | nonce(12) | ciphertext | tag(16). */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { AppError } from '../../shared/contract/result'

const VERSION = 1
const NONCE = 12
const TAG = 16
export const KEY_BYTES = 32

export function newDataKey(): Buffer {
  return randomBytes(KEY_BYTES)
}

/** `aad` binds the ciphertext to its place (job id, image slot): a swapped row fails to open. */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: string): Buffer {
  const nonce = randomBytes(NONCE)
  const cipher = createCipheriv('aes-256-gcm', key, nonce)
  cipher.setAAD(Buffer.from(aad, 'utf8'))
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()])
  return Buffer.concat([Buffer.of(VERSION), nonce, body, cipher.getAuthTag()])
}

export function open(key: Uint8Array, sealed: Uint8Array, aad: string): Buffer {
  if (sealed.byteLength < 1 + NONCE + TAG || sealed[0] !== VERSION) {
    throw new AppError('storage', `encrypted data for ${aad} is malformed`)
  }
  const buf = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength)
  const nonce = buf.subarray(1, 1 + NONCE)
  const tag = buf.subarray(buf.byteLength - TAG)
  const body = buf.subarray(1 + NONCE, buf.byteLength - TAG)
  const decipher = createDecipheriv('aes-256-gcm', key, nonce)
  decipher.setAAD(Buffer.from(aad, 'utf8'))
  decipher.setAuthTag(tag)
  try {
    return Buffer.concat([decipher.update(body), decipher.final()])
  } catch {
    // GCM refuses to release anything that does not authenticate: never garbage, always this.
    throw new AppError(
      'storage',
      `encrypted data for ${aad} failed its integrity check (tampered or wrong key)`,
    )
  }
}
