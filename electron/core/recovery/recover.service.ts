/**
 * `kiosk db recover`: rebuilds a damaged store from what can still be read.
 *
 * 1. The damaged file (with its -wal, which may hold committed work) is renamed aside and never
 *    touched again; a marker file makes an interrupted recovery refuse to open and resume here.
 * 2. Rows are read from a scratch copy of it (row-copy.ts) into a fresh database migrated to the
 *    damaged file's schema version, then migrated forward to this app's.
 *    A JSON value SQLite could read but the app cannot (bytes changed inside a sound page) is put
 *    right on the way: emptied, or its row dropped where it is of no use without it.
 * 3. Every recovered job's images are decrypted once: a job that lost images or one of its JSON
 *    values is moved to needs_attention (if it was still to be synced) and named in the report,
 *    never synced broken.
 * 4. The rebuilt file takes the store's place and the recovery is written to the audit log.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { AppError, errorText } from '../../shared/contract/result'
import { canTake } from '../../shared/domain/job-state.policy'
import type { JobState } from '../../shared/domain/job'
import { createAuditService } from '../audit/audit.service'
import type { Keyring } from '../crypto/keyring'
import { openDatabase, type Db } from '../store/database'
import { createJobsRepo } from '../store/jobs.repo'
import { holdsJson, isReadableJson, JSON_COLUMNS, type JsonColumn } from '../store/json-columns'
import { migrate, schemaVersion } from '../store/migrate'
import { MIGRATIONS } from '../store/migrations/index'
import { DamagedStoreError, openStore, recoveryMarker } from './open-store'
import { copyReadableRows, quoteId, type RowRepair, type TableCopy } from './row-copy'

export interface RecoveryReport {
  damagedFile: string
  problem: string
  schemaVersion: number | null
  tables: TableCopy[]
  jobs: {
    recovered: number
    /** Jobs that lost images or saved values; those still to be synced now wait for staff. */
    damaged: { jobId: string; state: string; problem: string }[]
    /** Jobs whose row is gone but whose images or history mention them. */
    lost: string[]
  }
  orphansRemoved: number
  /** Whether the recovery itself is in the audit log. */
  audited: boolean
  /** Things the operator should know, one line each. */
  notes: string[]
}

export interface RecoverOptions {
  dbPath: string
  keyring: Keyring
  clock: () => Date
  actor: string
  /** Rebuild even when the integrity check passes. */
  force?: boolean
}

interface Marker {
  aside: string
  problem: string
}

export function recoverStore(opts: RecoverOptions): RecoveryReport {
  const { dbPath } = opts
  const markerFile = recoveryMarker(dbPath)
  let marker: Marker
  if (existsSync(markerFile)) {
    marker = readMarker(markerFile)
  } else {
    if (!existsSync(dbPath)) throw new AppError('not_found', `there is no database at ${dbPath}`)
    const problem = diagnose(dbPath)
    if (problem === null && opts.force !== true) {
      throw new AppError(
        'invalid_input',
        `the database ${dbPath} passes its integrity check; nothing to recover (--force rebuilds it anyway)`,
      )
    }
    const stamp = opts.clock().toISOString().replace(/[:.]/g, '-')
    marker = {
      aside: `${dbPath}.damaged-${stamp}`,
      problem: problem ?? 'rebuilt on request (--force)',
    }
    writeFileSync(markerFile, JSON.stringify(marker), { mode: 0o600 })
  }
  if (!existsSync(marker.aside)) moveWithWal(dbPath, marker.aside)
  else if (existsSync(dbPath)) {
    // The rebuilt store was already in place when the last run stopped: only tidy up.
    rmSync(markerFile, { force: true })
    throw new AppError(
      'invalid_input',
      `the recovery had already finished; the damaged file is kept at ${marker.aside}`,
    )
  }

  const work = `${dbPath}.recover-work`
  const rebuilt = `${dbPath}.rebuilt`
  for (const f of [work, rebuilt]) removeWithWal(f)
  copyFileSync(marker.aside, work)
  if (existsSync(`${marker.aside}-wal`)) copyFileSync(`${marker.aside}-wal`, `${work}-wal`)

  const report: RecoveryReport = {
    damagedFile: marker.aside,
    problem: marker.problem,
    schemaVersion: null,
    tables: [],
    jobs: { recovered: 0, damaged: [], lost: [] },
    orphansRemoved: 0,
    audited: false,
    notes: [],
  }
  const src = openScratch(work)
  closeSync(openSync(rebuilt, 'a', 0o600))
  const dst = openDatabase(rebuilt)
  try {
    report.schemaVersion = src === undefined ? null : readVersion(src)
    const known = MIGRATIONS.some((m) => m.version === report.schemaVersion)
    migrate(dst, known && report.schemaVersion !== null ? report.schemaVersion : undefined)
    const repairs: ValueRepair[] = []
    if (src !== undefined) report.tables = copyTables(src, dst, repairs)
    migrate(dst)
    report.orphansRemoved = removeOrphans(dst, report)
    checkJobs(dst, opts, report, noteRepairs(repairs, report))
    recordRecovery(dst, opts, report, marker)
  } finally {
    src?.close()
    dst.close()
  }
  removeWithWal(work)
  renameSync(rebuilt, dbPath)
  rmSync(markerFile, { force: true })
  return report
}

function readMarker(file: string): Marker {
  try {
    const m = JSON.parse(readFileSync(file, 'utf8')) as Partial<Marker>
    if (typeof m.aside === 'string' && typeof m.problem === 'string') return m as Marker
  } catch {
    // reported below
  }
  throw new AppError(
    'storage',
    `the note an interrupted recovery left (${file}) cannot be read; the damaged store is beside ` +
      'it as kiosk.db.damaged-<time>: move that file back to kiosk.db, delete the note and run ' +
      '`kiosk db recover` again',
  )
}

/** Best effort: a store recovered with a key that cannot open the audit key still opens. */
function recordRecovery(
  dst: Db,
  opts: RecoverOptions,
  report: RecoveryReport,
  marker: Marker,
): void {
  try {
    createAuditService(dst, opts.keyring, opts.clock).append({
      actor: opts.actor,
      action: 'db.recovered',
      detail: {
        problem: marker.problem.slice(0, 300),
        damagedFile: marker.aside.split(/[\\/]/).pop() ?? '',
        tables: Object.fromEntries(
          report.tables.map((t) => [
            t.table,
            { copied: t.copied, lost: t.refused + t.unreadable.length },
          ]),
        ),
        damagedJobs: report.jobs.damaged.slice(0, 50).map((j) => j.jobId),
        lostJobs: report.jobs.lost.slice(0, 50),
      },
    })
    report.audited = true
  } catch (err) {
    report.audited = false
    report.notes.push(`the recovery could not be written to the audit log: ${errorText(err)}`)
  }
}

/**
 * The integrity problem of the file at `dbPath`, or null when it is sound: the very check the
 * kiosk makes at start-up (openStore), so `db check`, `db recover` and the refusal always agree.
 * (A read-only connection would not do: its quick_check skips CHECK constraints — seen with
 * SQLite 3.53 — and called sound a store that start-up refuses.)
 */
export function diagnose(dbPath: string): string | null {
  try {
    openStore(dbPath).close()
    return null
  } catch (err) {
    if (err instanceof DamagedStoreError) return err.detail
    return errorText((err as { cause?: unknown }).cause ?? err)
  }
}

function openScratch(path: string): Db | undefined {
  try {
    return openDatabase(path)
  } catch {
    return undefined // not even the header is readable: a fresh, empty store is the way forward
  }
}

function readVersion(db: Db): number | null {
  try {
    return schemaVersion(db)
  } catch {
    return null
  }
}

function copyTables(src: Db, dst: Db, repairs: ValueRepair[]): TableCopy[] {
  const tables = dst
    .prepare(
      `SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
      AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY rootpage`,
    )
    .pluck()
    .all() as string[]
  // Triggers would reject or duplicate what is only being put back; they return afterwards.
  const triggers = dst
    .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'trigger'")
    .all() as { name: string; sql: string }[]
  dst.pragma('foreign_keys = OFF')
  for (const t of triggers) dst.exec(`DROP TRIGGER ${quoteId(t.name)}`)
  const copies: TableCopy[] = []
  dst.transaction(() => {
    for (const table of tables) {
      const want = columnsOf(dst, table)
      const have = new Set(safe(() => columnsOf(src, table)) ?? [])
      const columns = want.filter((c) => have.has(c))
      if (columns.length === 0) continue
      const copy = safe(() =>
        copyReadableRows(src, dst, table, columns, jsonRepair(table, repairs)),
      )
      copies.push(
        copy ?? {
          table,
          copied: 0,
          refused: 0,
          repaired: 0,
          unreadable: [{ after: 0, before: null }],
        },
      )
    }
  })()
  for (const t of triggers) dst.exec(t.sql)
  dst.pragma('foreign_keys = ON')
  return copies
}

interface ValueRepair {
  column: JsonColumn
  /** The job or setting the value belonged to. */
  owner: string
}

/** Puts right the JSON values of `table` the app could not read, as JSON_COLUMNS says. */
function jsonRepair(table: string, found: ValueRepair[]): RowRepair {
  const columns = JSON_COLUMNS.filter((c) => c.table === table)
  return (row) => {
    let fix: 'ok' | 'repaired' = 'ok'
    for (const c of columns) {
      if (!holdsJson(c, row) || isReadableJson(row[c.column])) continue
      found.push({ column: c, owner: String(row.job_id ?? row.key ?? row.__rowid) })
      if (c.repair === 'drop') return 'drop'
      row[c.column] = c.repair
      fix = 'repaired'
    }
    return fix
  }
}

/** One note per column that had unreadable values; returns what each job lost, in words. */
function noteRepairs(repairs: ValueRepair[], report: RecoveryReport): Map<string, string[]> {
  const lostByJob = new Map<string, string[]>()
  for (const c of JSON_COLUMNS) {
    const owners = repairs.filter((r) => r.column === c).map((r) => r.owner)
    if (owners.length === 0) continue
    const what = c.repair === 'drop' ? 'dropped' : c.repair === null ? 'emptied' : 'reset to {}'
    report.notes.push(
      `${owners.length} unreadable ${c.table}.${c.column} value(s) ${what}: ` +
        `${owners.slice(0, 10).join(', ')}${owners.length > 10 ? ', …' : ''}` +
        (c.table === 'settings'
          ? ' (back to their defaults: check them with kiosk settings get)'
          : ''),
    )
    if (c.lost === undefined) continue
    for (const jobId of owners) lostByJob.set(jobId, [...(lostByJob.get(jobId) ?? []), c.lost])
  }
  return lostByJob
}

const columnsOf = (db: Db, table: string): string[] =>
  (db.pragma(`table_info(${quoteId(table)})`) as { name: string }[]).map((c) => c.name)

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn()
  } catch {
    return undefined
  }
}

/** Rows whose parent row was lost (an image without its job and wrapped key is useless). */
function removeOrphans(db: Db, report: RecoveryReport): number {
  report.jobs.lost = db
    .prepare(
      `SELECT DISTINCT job_id FROM (SELECT job_id FROM job_images UNION
      SELECT job_id FROM job_events) WHERE job_id NOT IN (SELECT job_id FROM jobs) ORDER BY 1`,
    )
    .pluck()
    .all() as string[]
  const violations = db.pragma('foreign_key_check') as { table: string; rowid: number }[]
  db.transaction(() => {
    for (const v of violations) {
      db.prepare(`DELETE FROM ${quoteId(v.table)} WHERE rowid = ?`).run(v.rowid)
    }
  })()
  return violations.length
}

function checkJobs(
  db: Db,
  opts: RecoverOptions,
  report: RecoveryReport,
  lostValues: Map<string, string[]>,
): void {
  const jobs = createJobsRepo(db, opts.keyring, opts.clock)
  const rows = db.prepare('SELECT job_id, state, images_purged_at FROM jobs ORDER BY id').all() as {
    job_id: string
    state: JobState
    images_purged_at: string | null
  }[]
  report.jobs.recovered = rows.length
  // A key that opens no job's data key at all is the wrong key (the desktop app keeps its key in
  // the OS key store, the CLI in a key file), not damage: then the images cannot be checked here.
  const keyOf = db.prepare('SELECT wrapped_key FROM jobs WHERE job_id = ?').pluck()
  const opens = rows.filter((r) =>
    safe(() => opts.keyring.unwrap(keyOf.get(r.job_id) as Buffer, r.job_id)),
  )
  const imagesChecked = rows.length === 0 || opens.length > 0
  if (!imagesChecked) {
    report.notes.push(
      'images were not checked: this key opens none of the jobs (recover from the app that captured them)',
    )
  }
  const expected = capturedImageCounts(db)
  for (const r of rows) {
    let problem: string | null = null
    if (imagesChecked && r.images_purged_at === null) {
      const detail = jobs.get(r.job_id)
      const have = detail?.images.length ?? 0
      const want = expected.get(r.job_id)
      if (!detail?.images.some((i) => i.kind === 'selfie')) problem = 'its selfie was lost'
      else if (want !== undefined && have < want) {
        problem = `${want - have} of ${want} images were lost`
      } else {
        try {
          jobs.readImages(r.job_id)
        } catch (err) {
          problem = errorText(err)
        }
      }
    }
    const lost = lostValues.get(r.job_id)
    if (lost !== undefined) {
      problem = [problem, `${lost.join(' and ')} could not be read`].filter(Boolean).join('; ')
    }
    if (problem === null) continue
    report.jobs.damaged.push({ jobId: r.job_id, state: r.state, problem })
    if (canTake(r.state, 'attention')) {
      jobs.record(r.job_id, 'recovery_damage', {
        transition: 'attention',
        detail: { problem },
        patch: {
          lastError: {
            code: 'damaged_in_recovery',
            message: `images lost when the database was recovered (${problem}); capture this job again`,
          },
        },
      })
    }
  }
}

/** How many images each job had when captured, from the audit trail (which survives separately). */
function capturedImageCounts(db: Db): Map<string, number> {
  const out = new Map<string, number>()
  const rows = safe(
    () =>
      db.prepare("SELECT subject, detail FROM audit_log WHERE action = 'job.captured'").all() as {
        subject: string
        detail: string
      }[],
  )
  for (const r of rows ?? []) {
    const n = safe(() => (JSON.parse(r.detail) as { images?: unknown }).images)
    if (typeof n === 'number') out.set(r.subject, n)
  }
  return out
}

function moveWithWal(from: string, to: string): void {
  renameSync(from, to)
  for (const ext of ['-wal', '-shm']) {
    if (existsSync(from + ext)) renameSync(from + ext, to + ext)
  }
}

function removeWithWal(path: string): void {
  for (const ext of ['', '-wal', '-shm', '-journal']) rmSync(path + ext, { force: true })
}
