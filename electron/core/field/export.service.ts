/**
 * `kiosk export`: the jobs the backend has not got yet, as one bundle file for the recipient key
 * configured on this laptop (field.recipientKey). The laptop holds only that PUBLIC key, so it
 * cannot read its own bundle back, and a lost stick leaks nothing. Exported jobs are marked (not a
 * job state): they stay queued, so the laptop may still sync them itself later without creating a
 * duplicate (sync asks job_status first), and they are never deleted before the backend's final
 * result. Unlike MOSIP's client, which can only export already-synced packets, this is for jobs
 * that never reached the backend.
 */
import { createHash, randomUUID } from 'node:crypto'
import { accessSync, constants, statSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../shared/contract/result'
import type { JobState } from '../../shared/domain/job'
import { BUNDLE_EXTENSION, BUNDLE_SCHEMA } from '../../shared/field/bundle-header.policy'
import type { AuditService } from '../audit/audit.service'
import type { EventBus } from '../events'
import type { SettingsService } from '../settings/settings.service'
import type { JobsRepo } from '../store/jobs.repo'
import { imageRecord, jsonRecord, RECORD, type Manifest } from './bundle-records'
import { openBundleWriter } from './bundle-writer'
import { parsePublicKey } from './field-keys'
import type { FieldKeys } from './field-keys.service'
import type { ExportCandidate, FieldRepo, ImageInfoRow } from './field.repo'

export interface ExportOptions {
  /** The folder to write into (a mounted USB stick). */
  to: string
  /** Only jobs captured at or after this ISO time. */
  since?: string | undefined
  /** Also jobs already in an earlier bundle (a lost or damaged stick). */
  includeExported?: boolean | undefined
  actor: string
}

export interface ExportReport {
  file: string | null
  bundleId: string | null
  jobs: number
  images: number
  bytes: number
  jobIds: string[]
  deviceFingerprint: string
  recipientFingerprint: string
  /** Unsent jobs left out because they are already in an earlier bundle. */
  alreadyExported: number
}

export interface ExportDeps {
  repo: FieldRepo
  jobs: JobsRepo
  keys: FieldKeys
  settings: SettingsService
  audit: AuditService
  events: EventBus
  clock: () => Date
}

export function createExportService(d: ExportDeps) {
  async function exportBundle(o: ExportOptions): Promise<ExportReport> {
    const recipientText = d.settings.read()['field.recipientKey']
    if (recipientText === '') {
      throw new AppError(
        'invalid_input',
        'no recipient key is set (field.recipientKey): run `kiosk field recipient init` on the branch machine and set its key here with `kiosk field recipient set KEY`',
      )
    }
    const recipient = parsePublicKey('x25519', recipientText, 'field.recipientKey')
    checkFolder(o.to)
    const includeExported = o.includeExported === true
    const candidates = d.repo.exportCandidates(o.since ?? '', includeExported)
    const device = d.keys.deviceKey()
    const report: ExportReport = {
      file: null,
      bundleId: null,
      jobs: 0,
      images: 0,
      bytes: 0,
      jobIds: [],
      deviceFingerprint: device.public.fingerprint,
      recipientFingerprint: recipient.fingerprint,
      alreadyExported: includeExported ? 0 : d.repo.exportedUnsent(),
    }
    if (candidates.length === 0) return report

    const now = d.clock()
    // Read once: the manifest lists the images, and each job's records are checked against them.
    const infos = new Map(candidates.map((c) => [c.job_id, d.repo.imageInfo(c.job_id)]))
    const manifestJobs = candidates.map((c) => ({
      job_id: c.job_id,
      user_id: c.user_id,
      job_type: c.job_type,
      images: (infos.get(c.job_id) ?? []).map((i) => ({
        kind: i.kind as Manifest['jobs'][number]['images'][number]['kind'],
        seq: i.seq,
        sha256: i.sha256,
        size: i.size,
      })),
    }))
    const imageCount = manifestJobs.reduce((n, j) => n + j.images.length, 0)
    const imageBytes = manifestJobs.reduce(
      (n, j) => n + j.images.reduce((m, i) => m + i.size, 0),
      0,
    )
    const bundleId = randomUUID()
    const writer = await openBundleWriter({
      file: join(o.to, bundleName(device.public.fingerprint, now, bundleId)),
      device,
      recipient,
      createdAt: now.toISOString(),
      bundleId,
    })
    try {
      const manifest: Manifest = {
        schema: BUNDLE_SCHEMA,
        bundle_id: writer.bundleId,
        device_fingerprint: device.public.fingerprint,
        created_at: now.toISOString(),
        jobs: manifestJobs,
        totals: { jobs: candidates.length, images: imageCount, image_bytes: imageBytes },
      }
      await writer.add(jsonRecord(RECORD.manifest, manifest))
      for (const c of candidates) await writeJob(writer, c, infos.get(c.job_id) ?? [])
      await writer.add(
        jsonRecord(RECORD.end, {
          jobs: candidates.length,
          images: imageCount,
          image_bytes: imageBytes,
        }),
      )
    } catch (err) {
      await writer.abort()
      throw err
    }
    const written = await writer.finish()
    // The keys the bundle was written with, not the settings as they may be by now.
    record(written, candidates, o.actor, imageCount, {
      device: device.public.fingerprint,
      recipient: recipient.fingerprint,
    })
    return {
      ...report,
      file: written.file,
      bundleId: written.bundleId,
      jobs: candidates.length,
      images: imageCount,
      bytes: written.bytes,
      jobIds: candidates.map((c) => c.job_id),
    }
  }

  async function writeJob(
    writer: Awaited<ReturnType<typeof openBundleWriter>>,
    c: ExportCandidate,
    info: ImageInfoRow[],
  ): Promise<void> {
    await writer.add(
      jsonRecord(RECORD.job, {
        job_id: c.job_id,
        user_id: c.user_id,
        job_type: c.job_type,
        captured_at: c.created_at,
        state: c.state,
        metadata: JSON.parse(c.metadata) as Record<string, unknown>,
        local_checks:
          c.local_checks === null ? null : (JSON.parse(c.local_checks) as Record<string, unknown>),
      }),
    )
    const images = d.jobs.readImages(c.job_id)
    for (const img of images) {
      const meta = info.find((i) => i.kind === img.kind && i.seq === img.seq)
      const sha = createHash('sha256').update(img.bytes).digest('hex')
      if (meta === undefined || meta.sha256 !== sha) {
        throw new AppError(
          'storage',
          `job ${c.job_id}: its ${img.kind} image does not match its stored hash; nothing was exported (check the store with \`kiosk db check\`)`,
        )
      }
      await writer.add(
        imageRecord(
          {
            job_id: c.job_id,
            kind: img.kind,
            seq: img.seq,
            mime: img.mime,
            sha256: sha,
            width: meta.width,
            height: meta.height,
          },
          img.bytes,
        ),
      )
    }
  }

  /** Marks the jobs and records the bundle, in one transaction, once the file is safely written. */
  function record(
    w: { file: string; bundleId: string; bytes: number },
    jobs: ExportCandidate[],
    actor: string,
    images: number,
    fp: { device: string; recipient: string },
  ): void {
    const at = d.clock().toISOString()
    d.repo.db
      .transaction(() => {
        d.repo.insertBundle({
          bundle_id: w.bundleId,
          direction: 'export',
          device_fingerprint: fp.device,
          recipient_fingerprint: fp.recipient,
          file_name: w.file,
          bytes: w.bytes,
          jobs: jobs.length,
          at,
          report: JSON.stringify({ jobs: jobs.map((j) => j.job_id) }),
        })
        for (const j of jobs) {
          d.repo.link(j.job_id, w.bundleId, 'exported', j.created_at, at)
          d.jobs.record(j.job_id, 'exported', { detail: { bundle_id: w.bundleId } })
        }
        d.audit.append({
          actor,
          action: 'field.exported',
          subject: w.bundleId,
          detail: { jobs: jobs.length, images, bytes: w.bytes, recipient: fp.recipient },
        })
      })
      .immediate()
    for (const j of jobs) {
      d.events.emit('jobs:changed', { jobId: j.job_id, state: j.state as JobState })
    }
  }

  return { exportBundle }
}

function checkFolder(dir: string): void {
  let ok = false
  try {
    ok = statSync(dir).isDirectory()
  } catch {
    ok = false
  }
  if (!ok) {
    throw new AppError('invalid_input', `--to: ${dir} is not a folder (is the USB stick mounted?)`)
  }
  try {
    accessSync(dir, constants.W_OK)
  } catch {
    throw new AppError(
      'invalid_input',
      `--to: cannot write into ${dir} (read-only stick or no permission)`,
    )
  }
}

/** kiosk-<device, 8>-<UTC time>-<bundle, 8>.kbundle: sortable, unique, no job or user id in it. */
export function bundleName(deviceFp: string, at: Date, bundleId: string): string {
  const t = at
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')
  return `kiosk-${deviceFp.slice(0, 8)}-${t}-${bundleId.slice(0, 8)}${BUNDLE_EXTENSION}`
}
