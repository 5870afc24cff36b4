/**
 * Who signs and who may read bundles. A laptop has one Ed25519 device signing key, made on first
 * use. A branch machine has X25519 recipient keys (`recipient init`; a new one retires the old,
 * which is kept so bundles already made for it still import) and a list of laptops it trusts.
 * Private keys are stored only sealed by the device key. Every change is in the audit log.
 */
import { randomUUID } from 'node:crypto'
import { AppError } from '../../shared/contract/result'
import { showFingerprint } from '../../shared/field/bundle-header.policy'
import type { AuditService } from '../audit/audit.service'
import type { Keyring } from '../crypto/keyring'
import type { SettingsService } from '../settings/settings.service'
import { ensureKeyPair, loadKeyPair, parsePublicKey, type KeyPair } from './field-keys'
import type { FieldRepo, TrustedDevice } from './field.repo'

export const DEVICE_KEY_NAME = 'device-signing'
const RECIPIENT_PREFIX = 'recipient:'

export interface KeyView {
  publicKey: string
  fingerprint: string
  createdAt: string
}

export interface DeviceView {
  name: string
  fingerprint: string
  publicKey: string
  addedAt: string
  addedBy: string
  revokedAt: string | null
}

export interface KeysDeps {
  repo: FieldRepo
  keyring: Keyring
  settings: SettingsService
  audit: AuditService
  now: () => string
}

export type FieldKeys = ReturnType<typeof createFieldKeys>

export function createFieldKeys(d: KeysDeps) {
  const view = (p: KeyPair, name: string): KeyView => ({
    publicKey: p.public.text,
    fingerprint: p.public.fingerprint,
    createdAt: d.repo.key(name)?.created_at ?? d.now(),
  })

  /** This machine's signing key for bundles it exports (created on first use). */
  function deviceKey(): KeyPair {
    return ensureKeyPair(d.repo, d.keyring, DEVICE_KEY_NAME, 'ed25519', d.now())
  }

  /** The recipient key in use (not retired), if this machine has one. */
  function currentRecipient(): { name: string; row: KeyView } | null {
    const row = d.repo.keysNamed(RECIPIENT_PREFIX).find((k) => !k.retired_at)
    if (row === undefined) return null
    const pair = loadKeyPair(d.repo, d.keyring, row.name)
    return pair === null ? null : { name: row.name, row: view(pair, row.name) }
  }

  /** Makes this machine a bundle recipient; with `rotate`, a new key replaces the current one. */
  function initRecipient(o: { rotate: boolean; actor: string }): KeyView & { created: boolean } {
    const current = currentRecipient()
    if (current !== null && !o.rotate) return { ...current.row, created: false }
    // The name carries a fresh id: the fingerprint is only known once the key exists.
    const name = `${RECIPIENT_PREFIX}${randomUUID()}`
    const pair = ensureKeyPair(d.repo, d.keyring, name, 'x25519', d.now())
    return d.repo.db.transaction(() => {
      if (current !== null) d.repo.retireKey(current.name, d.now())
      d.audit.append({
        actor: o.actor,
        action: 'field.recipient_key_created',
        subject: pair.public.fingerprint,
        detail: { replaced: current?.row.fingerprint ?? null },
      })
      return { ...view(pair, name), created: true }
    })()
  }

  /** The private half of the recipient key a bundle names, if this machine holds it. */
  function recipientFor(fingerprint: string): KeyPair | null {
    const row = d.repo.keyByFingerprint(fingerprint)
    if (row === undefined || row.kind !== 'x25519') return null
    return loadKeyPair(d.repo, d.keyring, row.name)
  }

  /** Laptop side: the branch's public recipient key, kept in the field.recipientKey setting. */
  function setRecipient(text: string, actor: string): KeyView {
    const key = parsePublicKey('x25519', text, 'recipient key')
    d.settings.set('field.recipientKey', key.text)
    d.audit.append({
      actor,
      action: 'settings.changed',
      subject: 'field.recipientKey',
      detail: { to: key.text, fingerprint: key.fingerprint },
    })
    return { publicKey: key.text, fingerprint: key.fingerprint, createdAt: d.now() }
  }

  function trustDevice(name: string, text: string, actor: string): DeviceView {
    const n = name.trim()
    if (!/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$/.test(n)) {
      throw new AppError(
        'invalid_input',
        'device name: letters, digits, space, . _ - (at most 64 characters)',
      )
    }
    const key = parsePublicKey('ed25519', text, 'device key')
    const sameName = d.repo.deviceByName(n)
    if (sameName !== undefined && sameName.fingerprint !== key.fingerprint) {
      throw new AppError(
        'conflict',
        `a device named "${n}" is already trusted with another key (${showFingerprint(sameName.fingerprint)}); untrust it first or pick another name`,
      )
    }
    if (d.repo.keyByFingerprint(key.fingerprint) !== undefined) {
      throw new AppError('invalid_input', "that is this machine's own key")
    }
    d.repo.db.transaction(() => {
      d.repo.addDevice(key.fingerprint, n, key.raw, d.now(), actor)
      d.audit.append({
        actor,
        action: 'field.device_trusted',
        subject: n,
        detail: { fingerprint: key.fingerprint },
      })
    })()
    return deviceView(d.repo.device(key.fingerprint) as TrustedDevice)
  }

  function untrustDevice(name: string, actor: string): DeviceView {
    const dev = d.repo.deviceByName(name.trim())
    if (dev === undefined) throw new AppError('not_found', `no trusted device named "${name}"`)
    d.repo.db.transaction(() => {
      d.repo.revokeDevice(dev.name, d.now())
      d.audit.append({
        actor,
        action: 'field.device_untrusted',
        subject: dev.name,
        detail: { fingerprint: dev.fingerprint },
      })
    })()
    return deviceView(d.repo.device(dev.fingerprint) as TrustedDevice)
  }

  return {
    deviceKey,
    deviceKeyView: (): KeyView => view(deviceKey(), DEVICE_KEY_NAME),
    currentRecipient: () => currentRecipient()?.row ?? null,
    initRecipient,
    recipientFor,
    setRecipient,
    trustDevice,
    untrustDevice,
    devices: () => d.repo.devices().map(deviceView),
  }
}

function deviceView(t: TrustedDevice): DeviceView {
  return {
    name: t.name,
    fingerprint: t.fingerprint,
    publicKey: `kiosk-ed25519:${t.public_key.toString('base64url')}`,
    addedAt: t.added_at,
    addedBy: t.added_by,
    revokedAt: t.revoked_at,
  }
}
