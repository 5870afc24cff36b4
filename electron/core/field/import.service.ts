/**
 * `kiosk import FILE` on a branch machine. In this order, each refusal one clear line and nothing
 * queued: the file's layout and length (truncation), the signer (a trusted laptop, not revoked),
 * the Ed25519 signature, whether this bundle was imported before, whether this machine holds the
 * recipient key, and the payload's SHA-256 — all before decrypting a byte. Then, inside ONE
 * transaction, frames are decrypted one by one, every record is checked against the manifest and
 * every job is queued for sync under its original job id with its original metadata and local
 * checks. A failure anywhere rolls it all back. Every import and every refusal is audited.
 */
import { createHash } from 'node:crypto'
import { basename } from 'node:path'
import { AppError, errorText } from '../../shared/contract/result'
import type { JobType } from '../../shared/domain/job'
import {
  BUNDLE_MAGIC,
  showFingerprint,
  type BundleHeader,
} from '../../shared/field/bundle-header.policy'
import type { AuditService } from '../audit/audit.service'
import type { EventBus } from '../events'
import type { JobsRepo } from '../store/jobs.repo'
import { openFrame, payloadKey, recipientAgreement, verifyHeader } from './bundle-crypto'
import { BundleFile } from './bundle-reader'
import { createRecordParser, damaged } from './bundle-records'
import { parsePublicKey } from './field-keys'
import type { FieldKeys } from './field-keys.service'
import type { FieldRepo, TrustedDevice } from './field.repo'
import { createPayloadWalker, type VerifiedJob } from './import-payload'

export type JobFate = 'imported' | 'already_here' | 'conflict'

export interface ImportedJob {
  jobId: string
  userId: string
  jobType: JobType
  capturedAt: string
  fate: JobFate
  reason: string
}

export interface ImportReport {
  file: string
  bundleId: string
  device: { name: string; fingerprint: string }
  bundleCreatedAt: string
  importedAt: string
  counts: Record<JobFate, number>
  jobs: ImportedJob[]
}

export interface ImportDeps {
  repo: FieldRepo
  jobs: JobsRepo
  keys: FieldKeys
  audit: AuditService
  events: EventBus
  clock: () => Date
}

export function createImportService(d: ImportDeps) {
  function importBundle(o: { file: string; actor: string }): ImportReport {
    const seen: { header: BundleHeader | null } = { header: null }
    let isBundle = false
    try {
      const f = new BundleFile(o.file)
      try {
        isBundle = f.read(0, 8).toString('latin1') === BUNDLE_MAGIC
        const checked = checkBundle(f, seen)
        const report = d.repo.db.transaction(() => importPayload(f, checked, o)).immediate()
        for (const j of report.jobs) {
          if (j.fate === 'imported') {
            d.events.emit('jobs:changed', { jobId: j.jobId, state: 'captured' })
          }
        }
        return report
      } finally {
        f.close()
      }
    } catch (err) {
      const reason = errorText(err)
      // A refused bundle is a security event (tampered, unknown signer, replayed); a path that is
      // not a bundle at all is only a typo and leaves the store untouched.
      if (isBundle) {
        d.audit.append({
          actor: o.actor,
          action: 'field.import_refused',
          subject: basename(o.file),
          detail: {
            reason,
            bundle_id: seen.header?.bundle_id ?? null,
            device: seen.header?.device_fingerprint ?? null,
          },
        })
      }
      if (err instanceof AppError && err.code === 'invalid_input') {
        throw new AppError(
          'invalid_input',
          reason.startsWith('import refused') ? reason : `import refused: ${reason}`,
        )
      }
      throw err
    }
  }

  interface Checked {
    header: BundleHeader
    device: TrustedDevice
    key: Buffer
  }

  function checkBundle(f: BundleFile, seen: { header: BundleHeader | null }): Checked {
    const { check, signed } = f.header()
    if (!check.ok) throw refused(check.reason)
    const h = check.header
    seen.header = h
    const sig = f.signature()
    if (sig === null) throw refused('the bundle has no valid signature trailer (damaged)')
    const signer = parsePublicKey('ed25519', h.device_key, 'the bundle header')
    if (signer.fingerprint !== h.device_fingerprint) {
      throw refused('the bundle header is damaged (its device key and fingerprint differ)')
    }
    const own = d.repo.keyByFingerprint(h.device_fingerprint)
    if (own !== undefined) {
      throw refused(
        `this machine exported the bundle itself and cannot read it: only the machine holding recipient key ${showFingerprint(h.recipient_fingerprint)} can`,
      )
    }
    const device = d.repo.device(h.device_fingerprint)
    if (device === undefined || !device.public_key.equals(signer.raw)) {
      throw refused(
        `the bundle is signed by a device this machine does not trust (fingerprint ${showFingerprint(h.device_fingerprint)}); if it is one of your laptops, check that fingerprint with \`kiosk field device-key\` on it, then \`kiosk field trust-device NAME KEY\` here`,
      )
    }
    if (device.revoked_at !== null) {
      throw refused(
        `the bundle is signed by ${device.name}, which is no longer trusted here (since ${device.revoked_at})`,
      )
    }
    if (!verifyHeader(signer.key, signed, sig)) {
      throw refused(
        `the bundle's signature does not verify: it was changed after ${device.name} signed it (damaged or tampered); copy it again from the laptop`,
      )
    }
    const recipient = d.keys.recipientFor(h.recipient_fingerprint)
    if (recipient === null) {
      const mine = d.keys.currentRecipient()
      throw refused(
        `the bundle is encrypted for recipient key ${showFingerprint(h.recipient_fingerprint)}, which this machine does not hold (${mine === null ? 'it has none: `kiosk field recipient init`' : `its key is ${showFingerprint(mine.fingerprint)}`})`,
      )
    }
    if (f.payloadSha256(h) !== h.payload_sha256) {
      throw refused(
        `the bundle's contents do not match the digest ${device.name} signed (damaged or tampered); copy it again from the laptop`,
      )
    }
    const prior = d.repo.bundle(h.bundle_id, 'import')
    if (prior !== undefined) {
      throw refused(
        `this bundle (${h.bundle_id.slice(0, 8)} from ${device.name}) was already imported here at ${prior.at} (${prior.jobs} job${prior.jobs === 1 ? '' : 's'} queued); nothing was queued again`,
      )
    }
    const ephemeral = parsePublicKey('x25519', h.ephemeral_key, 'the bundle header')
    const key = payloadKey(recipientAgreement(recipient.privateKey, ephemeral), {
      bundleId: h.bundle_id,
      deviceFp: h.device_fingerprint,
      recipientFp: h.recipient_fingerprint,
      ephemeral: ephemeral.text,
    })
    return { header: h, device, key }
  }

  function importPayload(f: BundleFile, c: Checked, o: { file: string; actor: string }) {
    const h = c.header
    const at = d.clock().toISOString()
    const jobs: ImportedJob[] = []
    const walker = createPayloadWalker(
      { bundleId: h.bundle_id, deviceFingerprint: h.device_fingerprint },
      (job) => jobs.push(queue(job, h.bundle_id, c.device.name, at)),
    )
    const parser = createRecordParser()
    const hash = createHash('sha256')
    let records = 0
    for (const fr of f.frames(h, hash)) {
      for (const r of parser.push(openFrame(c.key, fr.index, fr.last, fr.sealed))) {
        records++
        walker.take(r)
      }
    }
    if (parser.pending() !== 0) throw damaged('it ends inside a record')
    if (!walker.ended) throw damaged('its end record is missing')
    if (records !== h.records) {
      throw damaged(`it holds ${records} records, its header says ${h.records}`)
    }
    if (hash.digest('hex') !== h.payload_sha256) {
      throw refused('the bundle file changed while it was being imported; copy it again')
    }
    const counts = { imported: 0, already_here: 0, conflict: 0 }
    for (const j of jobs) counts[j.fate]++
    const report: ImportReport = {
      file: o.file,
      bundleId: h.bundle_id,
      device: { name: c.device.name, fingerprint: h.device_fingerprint },
      bundleCreatedAt: h.created_at,
      importedAt: at,
      counts,
      jobs,
    }
    d.repo.insertBundle({
      bundle_id: h.bundle_id,
      direction: 'import',
      device_fingerprint: h.device_fingerprint,
      recipient_fingerprint: h.recipient_fingerprint,
      file_name: basename(o.file),
      bytes: f.size,
      jobs: counts.imported,
      at,
      report: JSON.stringify({ counts, jobs: jobs.map((j) => [j.jobId, j.fate]) }),
    })
    d.audit.append({
      actor: o.actor,
      action: 'field.imported',
      subject: h.bundle_id,
      detail: {
        device: c.device.name,
        fingerprint: h.device_fingerprint,
        file: basename(o.file),
        ...counts,
      },
    })
    return report
  }

  /** One verified job: queued under its original id, or left alone if this machine has it. */
  function queue(job: VerifiedJob, bundleId: string, device: string, at: string): ImportedJob {
    const r = job.record
    const base = {
      jobId: r.job_id,
      userId: r.user_id,
      jobType: r.job_type,
      capturedAt: r.captured_at,
    }
    const existing = d.jobs.get(r.job_id)
    if (existing !== undefined) {
      const same = existing.user_id === r.user_id && existing.job_type === r.job_type
      if (same) d.repo.link(r.job_id, bundleId, 'imported', r.captured_at, at)
      return same
        ? {
            ...base,
            fate: 'already_here',
            reason: `this machine already has it (${existing.state})`,
          }
        : {
            ...base,
            fate: 'conflict',
            reason: `another job with this id is here (user ${existing.user_id}): not imported`,
          }
    }
    d.jobs.create({
      jobId: r.job_id,
      userId: r.user_id,
      jobType: r.job_type,
      images: job.images,
      localChecks: r.local_checks,
      metadata: r.metadata,
    })
    d.jobs.record(r.job_id, 'imported', {
      detail: { bundle_id: bundleId, device, captured_at: r.captured_at },
    })
    d.repo.link(r.job_id, bundleId, 'imported', r.captured_at, at)
    return { ...base, fate: 'imported', reason: `queued for sync (captured ${r.captured_at})` }
  }

  return { importBundle }
}

const refused = (reason: string): AppError =>
  new AppError('invalid_input', `import refused: ${reason}`)
