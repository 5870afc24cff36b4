import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../electron/core/store/database'
import { migrate, schemaVersion } from '../../../electron/core/store/migrate'
import { MIGRATIONS } from '../../../electron/core/store/migrations/index'
import { tempDir } from '../../support/temp'

const dir = tempDir()

describe('migrations', () => {
  it('are numbered 1..n without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1))
  })

  it('build every table STRICT from an empty file, and are idempotent', () => {
    const db = openDatabase(join(dir, 'fresh.db'))
    expect(migrate(db)).toBe(MIGRATIONS.length)
    const tables = db
      .prepare(
        `SELECT name, strict FROM pragma_table_list WHERE schema = 'main' AND name NOT LIKE 'sqlite_%'`,
      )
      .all() as { name: string; strict: number }[]
    expect(tables.length).toBeGreaterThan(0)
    for (const t of tables) expect(t.strict, t.name).toBe(1)
    expect(migrate(db)).toBe(MIGRATIONS.length)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    db.close()
  })

  it('0001 from empty: jobs, images, append-only events, settings', () => {
    const db = openDatabase(join(dir, 'v1.db'))
    migrate(db, 1)
    expect(schemaVersion(db)).toBe(1)
    db.prepare(
      `INSERT INTO jobs (job_id, user_id, job_type, state, created_at, updated_at, wrapped_key)
      VALUES ('j1', 'u1', 4, 'captured', 't', 't', x'00')`,
    ).run()
    expect(() =>
      db
        .prepare(
          `INSERT INTO jobs (job_id, user_id, job_type, state, created_at, updated_at, wrapped_key)
        VALUES ('j2', 'u1', 3, 'captured', 't', 't', x'00')`,
        )
        .run(),
    ).toThrow(/CHECK constraint/)
    // STRICT: a string where an integer belongs is an error, not a silent conversion.
    expect(() =>
      db
        .prepare(
          `INSERT INTO jobs (job_id, user_id, job_type, state, created_at, updated_at, wrapped_key)
        VALUES ('j3', 'u1', 'four', 'captured', 't', 't', x'00')`,
        )
        .run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/)
    db.prepare(
      `INSERT INTO job_events (job_id, at, event, to_state) VALUES ('j1', 't', 'captured', 'captured')`,
    ).run()
    expect(() => db.prepare(`UPDATE job_events SET event = 'x'`).run()).toThrow(/append-only/)
    expect(() => db.prepare(`DELETE FROM job_events`).run()).toThrow(/append-only/)
    db.close()
  })

  it('refuses a database written by a newer version of the app', () => {
    const db = openDatabase(join(dir, 'future.db'))
    db.pragma('user_version = 999')
    expect(() => migrate(db)).toThrow(/newer than this app knows/)
    db.close()
  })
})
