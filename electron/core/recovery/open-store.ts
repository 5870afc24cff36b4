/**
 * Opens the store the safe way: private file permissions, no temp files on disk, and an integrity
 * check before anything reads or migrates it. A damaged file is refused with one line that says
 * what to do (`kiosk db recover`), so the app shows a way forward instead of crashing on the first
 * bad page and crashing again on every restart.
 */
import { existsSync } from 'node:fs'
import { AppError, errorText } from '../../shared/contract/result'
import { checkHealth, openDatabase, restrictToOwner, type Db } from '../store/database'

export const recoveryMarker = (dbPath: string): string => `${dbPath}.recovery.json`

export class DamagedStoreError extends AppError {
  readonly dbPath: string
  readonly detail: string
  constructor(dbPath: string, detail: string, options?: { cause?: unknown; message?: string }) {
    super(
      'storage',
      options?.message ??
        `the database ${dbPath} is damaged (${oneLine(detail)}); nothing was changed. Stop the ` +
          'kiosk app and run `kiosk db recover`: it keeps the damaged file and rebuilds the store ' +
          'from every record it can still read',
      options,
    )
    this.dbPath = dbPath
    this.detail = detail
  }
}

export function openStore(dbPath: string): Db {
  if (existsSync(recoveryMarker(dbPath))) {
    throw new DamagedStoreError(dbPath, 'a recovery was interrupted', {
      message: `a database recovery of ${dbPath} was interrupted; run \`kiosk db recover\` again to finish it`,
    })
  }
  // (The data folder is created 0700 by openCore; a folder the operator chose is left as it is.)
  restrictToOwner(dbPath)
  let db: Db
  try {
    db = openDatabase(dbPath)
  } catch (err) {
    const cause = err instanceof Error ? (err.cause ?? err) : err
    if (isCorruption(cause)) throw new DamagedStoreError(dbPath, errorText(cause), { cause })
    throw err
  }
  try {
    // Sorts and temporary tables stay in memory: nothing of the store spills into /tmp.
    db.pragma('temp_store = MEMORY')
    const health = checkHealth(db)
    if (!health.ok) throw new DamagedStoreError(dbPath, health.message ?? 'integrity check failed')
  } catch (err) {
    db.close()
    throw err
  }
  return db
}

/** SQLITE_CORRUPT and SQLITE_NOTADB (and their extended codes) mean the file itself is bad. */
export function isCorruption(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code
  if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) return true
  return /malformed|not a database|file is not a database/i.test(errorText(err))
}

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim().slice(0, 200)
