/**
 * Bundle cryptography, all from Node's crypto (OpenSSL), nothing hand-rolled below the API:
 * - key agreement: a fresh X25519 key per bundle with the recipient's public key; HKDF-SHA256
 *   turns the shared secret into the payload key, salted with the bundle id and bound (info) to
 *   the signer's and recipient's fingerprints, so a bundle re-signed by another device does not
 *   decrypt at all;
 * - payload: the STREAM construction (Hoang, Reyhanitabar, Rogaway, Vizár 2015) over AES-256-GCM:
 *   the plaintext is cut into frames, frame i is sealed with nonce i and "last" in its associated
 *   data, so frames cannot be reordered, dropped or cut off at a frame boundary unnoticed, and only
 *   one frame is ever in memory;
 * - origin: Ed25519 over SHA-256(context ‖ preamble ‖ header); the header carries the payload's
 *   SHA-256, so one signature covers every byte. The laptop's signing key never leaves it.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  sign,
  verify,
  type KeyObject,
} from 'node:crypto'
import { AppError } from '../../shared/contract/result'
import { TAG_BYTES } from '../../shared/field/bundle-header.policy'
import { publicKeyFromRaw, type PublicKeyInfo } from './field-keys'

const SIGN_CONTEXT = Buffer.from('enrol-kiosk/bundle-signature/v1\0', 'utf8')
const FRAME_AAD = Buffer.from('enrol-kiosk/bundle-frame/v1\0', 'utf8')

export interface Agreement {
  ephemeral: PublicKeyInfo
  shared: Buffer
}

/** The exporting side: a fresh ephemeral key and the secret it shares with the recipient. */
export function senderAgreement(recipient: PublicKeyInfo): Agreement {
  const eph = generateKeyPairSync('x25519')
  const raw = Buffer.from(String(eph.publicKey.export({ format: 'jwk' }).x), 'base64url')
  const shared = diffieHellman({ privateKey: eph.privateKey, publicKey: recipient.key })
  return { ephemeral: publicKeyFromRaw('x25519', raw), shared: checkShared(shared) }
}

/** The importing side: the same secret from the recipient's private key. */
export function recipientAgreement(privateKey: KeyObject, ephemeral: PublicKeyInfo): Buffer {
  return checkShared(diffieHellman({ privateKey, publicKey: ephemeral.key }))
}

/** An all-zero secret means a low-order public key was planted: refuse it. */
function checkShared(shared: Buffer): Buffer {
  if (shared.every((b) => b === 0)) {
    throw new AppError('invalid_input', 'the bundle key agreement failed (invalid ephemeral key)')
  }
  return shared
}

export function payloadKey(
  shared: Buffer,
  o: { bundleId: string; deviceFp: string; recipientFp: string; ephemeral: string },
): Buffer {
  const salt = Buffer.from(o.bundleId.replace(/-/g, ''), 'hex')
  const info = `enrol-kiosk/bundle-key/v1|${o.deviceFp}|${o.recipientFp}|${o.ephemeral}`
  return Buffer.from(hkdfSync('sha256', shared, salt, info, 32))
}

function nonce(index: number): Buffer {
  const n = Buffer.alloc(12)
  n.writeBigUInt64BE(BigInt(index), 4)
  return n
}

function aad(index: number, last: boolean): Buffer {
  const a = Buffer.alloc(FRAME_AAD.byteLength + 9)
  FRAME_AAD.copy(a)
  a.writeBigUInt64BE(BigInt(index), FRAME_AAD.byteLength)
  a[FRAME_AAD.byteLength + 8] = last ? 1 : 0
  return a
}

export function sealFrame(key: Buffer, index: number, last: boolean, plain: Buffer): Buffer {
  const c = createCipheriv('aes-256-gcm', key, nonce(index))
  c.setAAD(aad(index, last))
  return Buffer.concat([c.update(plain), c.final(), c.getAuthTag()])
}

/** Opens frame `index`; anything altered, moved or cut off throws, never returns garbage. */
export function openFrame(key: Buffer, index: number, last: boolean, sealed: Buffer): Buffer {
  if (sealed.byteLength <= TAG_BYTES) {
    throw new AppError('invalid_input', `bundle frame ${index + 1} is too short`)
  }
  const d = createDecipheriv('aes-256-gcm', key, nonce(index))
  d.setAAD(aad(index, last))
  d.setAuthTag(sealed.subarray(sealed.byteLength - TAG_BYTES))
  try {
    return Buffer.concat([d.update(sealed.subarray(0, sealed.byteLength - TAG_BYTES)), d.final()])
  } catch {
    throw new AppError(
      'invalid_input',
      `bundle frame ${index + 1} failed its integrity check (damaged or tampered)`,
    )
  }
}

function headerDigest(preambleAndHeader: Buffer): Buffer {
  return createHash('sha256').update(SIGN_CONTEXT).update(preambleAndHeader).digest()
}

export function signHeader(privateKey: KeyObject, preambleAndHeader: Buffer): Buffer {
  return sign(null, headerDigest(preambleAndHeader), privateKey)
}

export function verifyHeader(
  publicKey: KeyObject,
  preambleAndHeader: Buffer,
  signature: Buffer,
): boolean {
  try {
    return verify(null, headerDigest(preambleAndHeader), publicKey, signature)
  } catch {
    return false
  }
}
