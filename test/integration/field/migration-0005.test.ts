/** 0005: a version-4 store with jobs migrates to the field tables; links follow their jobs. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { migrate, schemaVersion } from '../../../electron/core/store/migrate'
import { openDatabase } from '../../../electron/core/store/database'
import { tempDir } from '../../support/temp'

describe('migration 0005-field', () => {
  it('adds the field tables to a store with jobs, keeping the jobs', () => {
    const db = openDatabase(join(tempDir('kiosk-m5-'), 'kiosk.db'))
    try {
      expect(migrate(db, 4)).toBe(4)
      db.prepare(
        `INSERT INTO jobs (job_id, user_id, job_type, state, created_at, updated_at, wrapped_key)
         VALUES ('old-1', 'u1', 4, 'captured', '2026-11-01T00:00:00Z', '2026-11-01T00:00:00Z', x'00')`,
      ).run()
      expect(migrate(db)).toBe(5)
      expect(schemaVersion(db)).toBe(5)
      const tables = db
        .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'field_%'")
        .all() as { name: string; sql: string }[]
      expect(tables.map((t) => t.name).sort()).toEqual([
        'field_bundles',
        'field_clock',
        'field_job_links',
        'field_keys',
        'field_state',
        'field_trusted_devices',
      ])
      for (const t of tables) expect(t.sql).toMatch(/\) STRICT$/)
      expect(db.prepare('SELECT job_id FROM jobs').pluck().all()).toEqual(['old-1'])

      const link = db.prepare(
        `INSERT INTO field_job_links (job_id, bundle_id, role, captured_at, at) VALUES (?, 'b1', ?, 'x', 'y')`,
      )
      link.run('old-1', 'exported')
      expect(() => link.run('old-1', 'sent')).toThrow(/CHECK constraint/)
      expect(() => link.run('no-such-job', 'exported')).toThrow(/FOREIGN KEY/)
      // A deleted job takes its bundle links with it.
      db.prepare("DELETE FROM jobs WHERE job_id = 'old-1'").run()
      expect(db.prepare('SELECT count(*) FROM field_job_links').pluck().get()).toBe(0)
      // STRICT: a key is bytes, not text.
      expect(() =>
        db
          .prepare(
            `INSERT INTO field_keys (name, kind, public_key, fingerprint, wrapped_private, created_at)
             VALUES ('k', 'ed25519', 'text', 'fp', x'00', 'now')`,
          )
          .run(),
      ).toThrow(/cannot store TEXT value in BLOB column/)
    } finally {
      db.close()
    }
  })
})
