/** Applies numbered, frozen migrations; the schema version lives in PRAGMA user_version. */
import { AppError } from '../../shared/contract/result'
import type { Db } from './database'
import { MIGRATIONS, type Migration } from './migrations/index'

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Migrates to `target` (default: latest). Each migration commits on its own. */
export function migrate(
  db: Db,
  target?: number,
  migrations: readonly Migration[] = MIGRATIONS,
): number {
  assertOrdered(migrations)
  const latest = migrations.at(-1)?.version ?? 0
  const goal = target ?? latest
  const current = schemaVersion(db)
  if (current > latest) {
    throw new AppError(
      'storage',
      `the database schema (${current}) is newer than this app knows (${latest}); update the app`,
    )
  }
  for (const m of migrations) {
    if (m.version <= current || m.version > goal) continue
    db.transaction(() => {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    }).immediate()
  }
  return schemaVersion(db)
}

function assertOrdered(migrations: readonly Migration[]): void {
  for (let i = 1; i < migrations.length; i++) {
    const prev = migrations[i - 1]
    const cur = migrations[i]
    if (prev && cur && cur.version <= prev.version) {
      throw new Error(`migration ${cur.name} is out of order`)
    }
  }
}
