import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { openDatabase } from '../../../electron/core/store/database'
import { migrate, schemaVersion } from '../../../electron/core/store/migrate'
import { tempDir } from '../../support/temp'

const dir = tempDir('kiosk-mig2-')

describe('migration 0002 (sync)', () => {
  it('adds sync bookkeeping, the relay outbox and sync state to a version-1 store with jobs in it', () => {
    const db = openDatabase(join(dir, 'v1.db'))
    migrate(db, 1)
    db.prepare(
      `INSERT INTO jobs (job_id, user_id, job_type, state, created_at, updated_at, wrapped_key)
       VALUES ('j1', 'u1', 4, 'captured', 't', 't', x'00'), ('j2', 'u1', 2, 'captured', 't', 't', x'00')`,
    ).run()
    migrate(db, 2)
    expect(schemaVersion(db)).toBe(2)

    const tables = db
      .prepare(
        `SELECT name, strict FROM pragma_table_list WHERE name IN ('sync_jobs', 'relay_outbox', 'sync_state')`,
      )
      .all() as { name: string; strict: number }[]
    expect(tables.map((t) => [t.name, t.strict]).sort()).toEqual([
      ['relay_outbox', 1],
      ['sync_jobs', 1],
      ['sync_state', 1],
    ])
    // Existing jobs are untouched and get sync rows lazily, with safe defaults.
    expect(db.prepare('SELECT count(*) FROM jobs').pluck().get()).toBe(2)
    db.prepare(`INSERT INTO sync_jobs (job_id) VALUES ('j1')`).run()
    expect(
      db
        .prepare(
          `SELECT prep_count, upload_count, failures, allow_new_enroll, upload_url FROM sync_jobs WHERE job_id = 'j1'`,
        )
        .get(),
    ).toEqual({
      prep_count: 0,
      upload_count: 0,
      failures: 0,
      allow_new_enroll: 0,
      upload_url: null,
    })
    // A sync row belongs to a job: no orphans, and it goes with its job.
    expect(() => db.prepare(`INSERT INTO sync_jobs (job_id) VALUES ('nope')`).run()).toThrow(
      /FOREIGN KEY/,
    )
    expect(() =>
      db.prepare(`UPDATE sync_jobs SET allow_new_enroll = 2 WHERE job_id = 'j1'`).run(),
    ).toThrow(/CHECK/)
    // One outbox entry per result, whatever happens.
    const ins = db.prepare(
      `INSERT INTO relay_outbox (relay_id, job_id, user_id, body, created_at, next_attempt_at) VALUES ('j1:1:0840', 'j1', 'u1', '{}', 't', 't')`,
    )
    ins.run()
    expect(() => ins.run()).toThrow(/UNIQUE/)
    // No column anywhere is meant for a request signature or timestamp.
    const cols = (['sync_jobs', 'relay_outbox', 'sync_state'] as const).flatMap((t) =>
      (db.prepare(`SELECT name FROM pragma_table_info(?)`).all(t) as { name: string }[]).map(
        (c) => c.name,
      ),
    )
    expect(cols.filter((c) => /signature|timestamp/i.test(c))).toEqual([])
    db.close()
  })

  it('upgrades all the way to the latest version on top of it', () => {
    const db = openDatabase(join(dir, 'latest.db'))
    migrate(db, 1)
    migrate(db, 2)
    expect(migrate(db)).toBeGreaterThanOrEqual(2)
    db.close()
  })
})
