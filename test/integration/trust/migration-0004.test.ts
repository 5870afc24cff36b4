/** 0004-trust on a store that already holds jobs: new tables, the new column, nothing lost. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../electron/core/store/database'
import { migrate, schemaVersion } from '../../../electron/core/store/migrate'
import { tempDir } from '../../support/temp'

describe('migration 0004-trust', () => {
  it('adds the audit, anchor, key and staff tables and jobs.images_purged_at to a populated store', () => {
    const db = openDatabase(join(tempDir(), 'v3.db'))
    migrate(db, 3)
    db.prepare(
      `INSERT INTO jobs (job_id, user_id, job_type, state, created_at, updated_at, wrapped_key)
       VALUES ('j1', 'u1', 4, 'complete', 't', 't', x'00')`,
    ).run()
    migrate(db, 4)
    expect(schemaVersion(db)).toBe(4)
    expect(db.prepare('SELECT job_id, images_purged_at FROM jobs').all()).toEqual([
      { job_id: 'j1', images_purged_at: null },
    ])
    const tables = db
      .prepare(
        "SELECT name, strict FROM pragma_table_list WHERE name IN ('audit_log','audit_anchor','trust_keys','staff')",
      )
      .all() as { name: string; strict: number }[]
    expect(tables.map((t) => [t.name, t.strict]).sort()).toEqual([
      ['audit_anchor', 1],
      ['audit_log', 1],
      ['staff', 1],
      ['trust_keys', 1],
    ])
    db.prepare(
      `INSERT INTO audit_log VALUES (1, 't', 'a', 'x', '', '{}', '${'0'.repeat(64)}', 'h', 's')`,
    ).run()
    expect(() => db.exec("UPDATE audit_log SET actor = 'b'")).toThrow(/append-only/)
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/)
    expect(() =>
      db.exec(
        "INSERT INTO staff (username, display_name, role, secret_hash, created_at, updated_at) VALUES ('a','a','admin','h','t','t')",
      ),
    ).toThrow(/CHECK/)
    db.exec(
      "INSERT INTO staff (username, display_name, role, secret_hash, created_at, updated_at) VALUES ('Alice','a','staff','h','t','t')",
    )
    expect(() =>
      db.exec(
        "INSERT INTO staff (username, display_name, role, secret_hash, created_at, updated_at) VALUES ('alice','a','staff','h','t','t')",
      ),
    ).toThrow(/UNIQUE/)
    db.close()
  })
})
