/** All SQL of field mode: keys, trusted laptops, bundles, job links, clock samples, small state. */
import type { JobType } from '../../shared/domain/job'
import type { ClockSample } from '../../shared/field/clock.policy'
import type { Db } from '../store/database'
import type { KeyKind } from './field-keys'

export interface KeyRow {
  name: string
  kind: KeyKind
  public_key: Buffer
  fingerprint: string
  wrapped_private: Buffer
  created_at: string
  retired_at?: string | null
}

export interface TrustedDevice {
  fingerprint: string
  name: string
  public_key: Buffer
  added_at: string
  added_by: string
  revoked_at: string | null
}

export interface BundleRow {
  bundle_id: string
  direction: 'export' | 'import'
  device_fingerprint: string
  recipient_fingerprint: string
  file_name: string
  bytes: number
  jobs: number
  at: string
  report: string
}

/** A job that can go into a bundle, as stored (metadata and local checks still JSON text). */
export interface ExportCandidate {
  job_id: string
  user_id: string
  job_type: JobType
  state: string
  created_at: string
  metadata: string
  local_checks: string | null
}

export interface ImageInfoRow {
  kind: string
  seq: number
  mime: string
  sha256: string
  size: number
  width: number
  height: number
}

/** Not yet at the backend: what an export carries and what the backlog guard counts. */
const UNSENT = `('captured', 'prepared')`

export type FieldRepo = ReturnType<typeof createFieldRepo>

export function createFieldRepo(db: Db) {
  const q = {
    key: db.prepare('SELECT * FROM field_keys WHERE name = ?'),
    keyByFp: db.prepare('SELECT * FROM field_keys WHERE fingerprint = ?'),
    keysLike: db.prepare('SELECT * FROM field_keys WHERE name LIKE ? ORDER BY created_at'),
    insertKey:
      db.prepare(`INSERT OR IGNORE INTO field_keys (name, kind, public_key, fingerprint, wrapped_private,
      created_at) VALUES (@name, @kind, @public_key, @fingerprint, @wrapped_private, @created_at)`),
    retireKey: db.prepare(
      'UPDATE field_keys SET retired_at = ? WHERE name = ? AND retired_at IS NULL',
    ),
    device: db.prepare('SELECT * FROM field_trusted_devices WHERE fingerprint = ?'),
    deviceByName: db.prepare('SELECT * FROM field_trusted_devices WHERE name = ?'),
    devices: db.prepare('SELECT * FROM field_trusted_devices ORDER BY added_at, name'),
    addDevice:
      db.prepare(`INSERT INTO field_trusted_devices (fingerprint, name, public_key, added_at, added_by)
      VALUES (?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET name = excluded.name,
      revoked_at = NULL`),
    revokeDevice: db.prepare(
      'UPDATE field_trusted_devices SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL',
    ),
    bundle: db.prepare('SELECT * FROM field_bundles WHERE bundle_id = ? AND direction = ?'),
    bundles: db.prepare('SELECT * FROM field_bundles WHERE direction = ? ORDER BY at DESC LIMIT ?'),
    bundleCount: db.prepare('SELECT count(*) FROM field_bundles WHERE direction = ?').pluck(),
    insertBundle: db.prepare(`INSERT INTO field_bundles (bundle_id, direction, device_fingerprint,
      recipient_fingerprint, file_name, bytes, jobs, at, report) VALUES (@bundle_id, @direction,
      @device_fingerprint, @recipient_fingerprint, @file_name, @bytes, @jobs, @at, @report)`),
    insertLink: db.prepare(`INSERT OR IGNORE INTO field_job_links (job_id, bundle_id, role,
      captured_at, at) VALUES (?, ?, ?, ?, ?)`),
    candidates: db.prepare(`SELECT j.job_id, j.user_id, j.job_type, j.state, j.created_at,
      j.metadata, j.local_checks FROM jobs j WHERE j.state IN ${UNSENT} AND j.created_at >= ?
      AND j.images_purged_at IS NULL AND (? OR NOT EXISTS (SELECT 1 FROM field_job_links l
      WHERE l.job_id = j.job_id AND l.role = 'exported')) ORDER BY j.id`),
    images: db.prepare(`SELECT kind, seq, mime, sha256, size, width, height FROM job_images
      WHERE job_id = ? ORDER BY CASE kind WHEN 'selfie' THEN 0 WHEN 'liveness' THEN 1
      WHEN 'id_front' THEN 2 ELSE 3 END, seq`),
    backlog: db
      .prepare(
        `SELECT count(*) FROM jobs j WHERE j.state IN ${UNSENT} AND NOT EXISTS
      (SELECT 1 FROM field_job_links l WHERE l.job_id = j.job_id AND l.role = 'exported')`,
      )
      .pluck(),
    exportedUnsent: db
      .prepare(
        `SELECT count(*) FROM jobs j WHERE j.state IN ${UNSENT} AND EXISTS
      (SELECT 1 FROM field_job_links l WHERE l.job_id = j.job_id AND l.role = 'exported')`,
      )
      .pluck(),
    insertSample:
      db.prepare(`INSERT INTO field_clock (boot_id, uptime_ms, wall_ms, server_ms, source)
      VALUES (?, ?, ?, ?, ?)`),
    firstOfBoot: db.prepare('SELECT * FROM field_clock WHERE boot_id = ? ORDER BY id LIMIT 1'),
    anchorOfBoot: db.prepare(
      'SELECT * FROM field_clock WHERE boot_id = ? AND server_ms IS NOT NULL ORDER BY id DESC LIMIT 1',
    ),
    lastOtherBoot: db.prepare(
      'SELECT * FROM field_clock WHERE boot_id <> ? ORDER BY id DESC LIMIT 1',
    ),
    pruneSamples: db.prepare(`DELETE FROM field_clock WHERE id NOT IN (
      SELECT id FROM field_clock ORDER BY id DESC LIMIT 500)
      AND id NOT IN (SELECT min(id) FROM field_clock GROUP BY boot_id)
      AND id NOT IN (SELECT max(id) FROM field_clock WHERE server_ms IS NOT NULL GROUP BY boot_id)`),
    sampleCount: db.prepare('SELECT count(*) FROM field_clock').pluck(),
    getState: db.prepare('SELECT value FROM field_state WHERE key = ?').pluck(),
    setState: db.prepare(`INSERT INTO field_state (key, value, updated_at) VALUES (?, ?, ?)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`),
    initState: db.prepare(
      'INSERT OR IGNORE INTO field_state (key, value, updated_at) VALUES (?, ?, ?)',
    ),
    syncState: db.prepare('SELECT value FROM sync_state WHERE key = ?').pluck(),
  }

  return {
    db,
    key: (name: string) => q.key.get(name) as KeyRow | undefined,
    keyByFingerprint: (fp: string) => q.keyByFp.get(fp) as KeyRow | undefined,
    keysNamed: (prefix: string) => q.keysLike.all(`${prefix}%`) as KeyRow[],
    insertKey: (row: KeyRow) => void q.insertKey.run(row),
    retireKey: (name: string, at: string) => q.retireKey.run(at, name).changes > 0,

    device: (fp: string) => q.device.get(fp) as TrustedDevice | undefined,
    deviceByName: (name: string) => q.deviceByName.get(name) as TrustedDevice | undefined,
    devices: () => q.devices.all() as TrustedDevice[],
    addDevice: (fp: string, name: string, raw: Buffer, at: string, by: string) =>
      void q.addDevice.run(fp, name, raw, at, by),
    revokeDevice: (name: string, at: string) => q.revokeDevice.run(at, name).changes > 0,

    bundle: (id: string, direction: BundleRow['direction']) =>
      q.bundle.get(id, direction) as BundleRow | undefined,
    bundles: (direction: BundleRow['direction'], limit: number) =>
      q.bundles.all(direction, limit) as BundleRow[],
    bundleCount: (direction: BundleRow['direction']) => q.bundleCount.get(direction) as number,
    insertBundle: (row: BundleRow) => void q.insertBundle.run(row),
    link: (
      jobId: string,
      bundleId: string,
      role: 'exported' | 'imported',
      capturedAt: string,
      at: string,
    ) => void q.insertLink.run(jobId, bundleId, role, capturedAt, at),

    exportCandidates: (sinceIso: string, includeExported: boolean) =>
      q.candidates.all(sinceIso, includeExported ? 1 : 0) as ExportCandidate[],
    imageInfo: (jobId: string) => q.images.all(jobId) as ImageInfoRow[],
    backlog: () => q.backlog.get() as number,
    exportedUnsent: () => q.exportedUnsent.get() as number,

    addSample: (s: ClockSample, source: string) =>
      void q.insertSample.run(s.bootId, Math.round(s.uptimeMs), s.wallMs, s.serverMs, source),
    firstOfBoot: (bootId: string) => sample(q.firstOfBoot.get(bootId)),
    anchorOfBoot: (bootId: string) => sample(q.anchorOfBoot.get(bootId)),
    lastOtherBoot: (bootId: string) => sample(q.lastOtherBoot.get(bootId)),
    /** Keeps the table small: recent samples plus each boot's first and latest anchor. */
    pruneSamples: () => {
      if ((q.sampleCount.get() as number) > 600) q.pruneSamples.run()
    },

    state: (key: string) => q.getState.get(key) as string | undefined,
    setState: (key: string, value: string, at: string) => void q.setState.run(key, value, at),
    initState: (key: string, value: string, at: string) => void q.initState.run(key, value, at),
    /** Facts sync keeps in its own table (e.g. when it last reached the backend). */
    syncState: (key: string) => q.syncState.get(key) as string | undefined,
  }
}

interface SampleRow {
  boot_id: string
  uptime_ms: number
  wall_ms: number
  server_ms: number | null
}

function sample(r: unknown): ClockSample | null {
  if (r === undefined) return null
  const s = r as SampleRow
  return { bootId: s.boot_id, uptimeMs: s.uptime_ms, wallMs: s.wall_ms, serverMs: s.server_ms }
}
