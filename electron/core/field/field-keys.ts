/**
 * The keys of field mode, in text people can copy: `kiosk-ed25519:<base64url>` (a laptop's
 * signing key) and `kiosk-x25519:<base64url>` (a branch machine's recipient key). The prefix makes
 * it impossible to configure one where the other belongs. Fingerprints are the first 128 bits of
 * SHA-256 over prefix and key, shown in groups of four for comparing by eye or by phone.
 *
 * X25519 + Ed25519 rather than RSA (MOSIP wraps packet keys with RSA-2048): keys are 32 bytes
 * (one short line to paste into a setting), Node's crypto does both natively, there is no padding
 * mode to get wrong, and every bundle gets a fresh ephemeral key, so two bundles never share one.
 */
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
} from 'node:crypto'
import { AppError } from '../../shared/contract/result'
import { ED25519_PREFIX, X25519_PREFIX } from '../../shared/field/bundle-header.policy'
import type { Keyring } from '../crypto/keyring'
import type { FieldRepo } from './field.repo'

export type KeyKind = 'ed25519' | 'x25519'

const PREFIX: Record<KeyKind, string> = { ed25519: ED25519_PREFIX, x25519: X25519_PREFIX }
const CURVE: Record<KeyKind, 'Ed25519' | 'X25519'> = { ed25519: 'Ed25519', x25519: 'X25519' }

export interface PublicKeyInfo {
  kind: KeyKind
  raw: Buffer
  text: string
  fingerprint: string
  key: KeyObject
}

export function fingerprintOf(kind: KeyKind, raw: Uint8Array): string {
  return createHash('sha256').update(PREFIX[kind]).update(raw).digest('hex').slice(0, 32)
}

export function publicKeyFromRaw(kind: KeyKind, raw: Uint8Array): PublicKeyInfo {
  const buf = Buffer.from(raw)
  if (buf.byteLength !== 32) throw new AppError('invalid_input', `a ${kind} key is 32 bytes`)
  const key = createPublicKey({
    key: { kty: 'OKP', crv: CURVE[kind], x: buf.toString('base64url') },
    format: 'jwk',
  })
  return {
    kind,
    raw: buf,
    text: PREFIX[kind] + buf.toString('base64url'),
    fingerprint: fingerprintOf(kind, buf),
    key,
  }
}

/** Reads a key from its text form; `what` names it in the one-line error. */
export function parsePublicKey(kind: KeyKind, text: string, what: string): PublicKeyInfo {
  const t = text.trim().split(/\s+/)[0] ?? ''
  const other: KeyKind = kind === 'ed25519' ? 'x25519' : 'ed25519'
  if (t.startsWith(PREFIX[other])) {
    throw new AppError(
      'invalid_input',
      `${what}: that is a ${other === 'ed25519' ? 'device signing key (kiosk-ed25519:…)' : 'recipient key (kiosk-x25519:…)'}, not a ${kind === 'ed25519' ? 'device signing key' : 'recipient key'}`,
    )
  }
  const body = t.startsWith(PREFIX[kind]) ? t.slice(PREFIX[kind].length) : ''
  const raw = /^[A-Za-z0-9_-]{43}$/.test(body) ? Buffer.from(body, 'base64url') : null
  if (raw === null || raw.byteLength !== 32) {
    throw new AppError('invalid_input', `${what}: expected a ${PREFIX[kind]}… key (one line)`)
  }
  return publicKeyFromRaw(kind, raw)
}

export interface KeyPair {
  public: PublicKeyInfo
  privateKey: KeyObject
}

function rawPublic(key: KeyObject): Buffer {
  const jwk = key.export({ format: 'jwk' })
  return Buffer.from(String(jwk.x), 'base64url')
}

/** Creates and stores a key pair (private key sealed by the device key), or returns the stored one. */
export function ensureKeyPair(
  repo: FieldRepo,
  keyring: Keyring,
  name: string,
  kind: KeyKind,
  now: string,
): KeyPair {
  const existing = loadKeyPair(repo, keyring, name)
  if (existing !== null) return existing
  const pair = kind === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('x25519')
  const raw = rawPublic(pair.publicKey)
  const der = pair.privateKey.export({ format: 'der', type: 'pkcs8' })
  repo.insertKey({
    name,
    kind,
    public_key: raw,
    fingerprint: fingerprintOf(kind, raw),
    wrapped_private: keyring.wrap(der, `field:${name}`),
    created_at: now,
  })
  // Re-read: if another process created it in between, theirs is the one both use.
  const stored = loadKeyPair(repo, keyring, name)
  if (stored === null) throw new AppError('storage', `the ${name} key could not be stored`)
  return stored
}

export function loadKeyPair(repo: FieldRepo, keyring: Keyring, name: string): KeyPair | null {
  const row = repo.key(name)
  if (row === undefined) return null
  const der = keyring.unwrap(row.wrapped_private, `field:${name}`)
  return {
    public: publicKeyFromRaw(row.kind, row.public_key),
    privateKey: createPrivateKey({ key: der, format: 'der', type: 'pkcs8' }),
  }
}
