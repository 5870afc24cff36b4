/** Opens the kiosk's SQLite file with the pragmas every connection needs. */
import { chmodSync, closeSync, existsSync, openSync, statSync } from 'node:fs'
import Database from 'better-sqlite3'
import { AppError, errorText } from '../../shared/contract/result'
import { unreadableJsonColumns } from './json-columns'

/** Named (not an alias) so inferred service types stay nameable in declaration emit. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Db extends Database.Database {}

export interface OpenOptions {
  readonly?: boolean
}

export function openDatabase(path: string, options: OpenOptions = {}): Db {
  let db: Db
  try {
    db = new Database(path, { readonly: options.readonly ?? false, fileMustExist: false })
  } catch (err) {
    throw new AppError('storage', `cannot open the database at ${path}: ${errorText(err)}`, {
      cause: err,
    })
  }
  try {
    if (!options.readonly) db.pragma('journal_mode = WAL')
    // FULL: a capture the customer was told is saved must survive a dead battery, not only kill -9.
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
    db.pragma('busy_timeout = 5000')
    // Deleted biometric pages are overwritten, not left in free pages.
    db.pragma('secure_delete = ON')
  } catch (err) {
    db.close()
    throw new AppError('storage', `the database at ${path} is not usable: ${errorText(err)}`, {
      cause: err,
    })
  }
  return db
}

export interface Health {
  ok: boolean
  message?: string
}

/**
 * quick_check reads every page; then the JSON columns are read too, since a value changed inside a
 * sound page is invisible to SQLite. A corrupt file is reported, not crashed on.
 */
export function checkHealth(db: Db): Health {
  try {
    const rows = db.pragma('quick_check', { simple: false }) as { quick_check: string }[]
    const bad = rows.map((r) => r.quick_check).filter((r) => r !== 'ok')
    if (bad.length === 0) bad.push(...unreadableJsonColumns(db))
    return bad.length === 0 ? { ok: true } : { ok: false, message: bad.slice(0, 3).join('; ') }
  } catch (err) {
    return { ok: false, message: errorText(err) }
  }
}

/**
 * The database file 0600 (SQLite gives its -wal and -shm files the database's mode): other
 * accounts on a shared laptop cannot even read the ciphertext or the job metadata.
 */
export function restrictToOwner(dbPath: string): void {
  if (process.platform === 'win32') return
  if (!existsSync(dbPath)) closeSync(openSync(dbPath, 'a', 0o600))
  for (const f of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) {
    if (existsSync(f) && (statSync(f).mode & 0o077) !== 0) chmodSync(f, 0o600)
  }
}
