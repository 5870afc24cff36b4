/**
 * Slow, peppered hashing of staff PINs and passwords with scrypt from node:crypto (no native
 * add-on to ship; scrypt is memory-hard, so GPUs gain little).
 *
 * Parameters: N = 2^17, r = 8, p = 1 — OWASP's minimum for scrypt (128 MiB, about 0.3 s on a
 * 2-core kiosk, measured in bench/trust.bench.ts). A sign-in happens a few times a shift, so 0.3 s
 * costs nobody anything, while each offline guess costs an attacker the same.
 *
 * A 6-digit PIN still has only a million values, so scrypt alone cannot save a stolen database.
 * The pepper does: the secret is first HMAC'd with a random key wrapped by the device key (OS key
 * store), so guessing offline needs that key too. The parameters are stored with each hash, so
 * they can be raised later and old hashes still verify.
 */
import { createHmac, randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto'

interface Params {
  N: number
  r: number
  p: number
}
export const SCRYPT_PARAMS: Params = { N: 2 ** 17, r: 8, p: 1 }
const KEY_LEN = 32
const SALT_LEN = 16

function scryptAsync(secret: Buffer, salt: Buffer, params: Params): Promise<Buffer> {
  // maxmem above 128·N·r (128 MiB here); node's default (32 MiB) would refuse these parameters.
  const opts: ScryptOptions = { ...params, maxmem: 256 * 1024 * 1024 }
  return new Promise((resolve, reject) =>
    scrypt(secret, salt, KEY_LEN, opts, (err, key) => (err ? reject(err) : resolve(key))),
  )
}

const peppered = (pepper: Uint8Array, secret: string): Buffer =>
  createHmac('sha256', pepper).update(secret, 'utf8').digest()

/** `scrypt$N$r$p$salt$hash` (base64): self-describing. */
export async function hashSecret(
  pepper: Uint8Array,
  secret: string,
  params: Params = SCRYPT_PARAMS,
): Promise<string> {
  const salt = randomBytes(SALT_LEN)
  const key = await scryptAsync(peppered(pepper, secret), salt, params)
  return [
    'scrypt',
    params.N,
    params.r,
    params.p,
    salt.toString('base64'),
    key.toString('base64'),
  ].join('$')
}

export async function verifySecret(
  pepper: Uint8Array,
  secret: string,
  stored: string,
): Promise<boolean> {
  const parts = stored.split('$')
  const [kind, n, r, p, salt, hash] = parts
  if (parts.length !== 6 || kind !== 'scrypt' || salt === undefined || hash === undefined) {
    return false
  }
  const params = { N: Number(n), r: Number(r), p: Number(p) }
  const expected = Buffer.from(hash, 'base64')
  const key = await scryptAsync(peppered(pepper, secret), Buffer.from(salt, 'base64'), params)
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** For unknown names: the same work as a real check, so timing does not tell who exists. */
export async function burnEquivalentTime(pepper: Uint8Array, secret: string): Promise<void> {
  await scryptAsync(peppered(pepper, secret), randomBytes(SALT_LEN), SCRYPT_PARAMS)
}

export const needsRehash = (stored: string): boolean =>
  stored.split('$').slice(1, 4).join('$') !==
  [SCRYPT_PARAMS.N, SCRYPT_PARAMS.r, SCRYPT_PARAMS.p].join('$')
