/**
 * SIGKILL during a migration. A real store with thousands of jobs (version 1, ~60 MB of sealed
 * images) is migrated by a child process through the real runner — every shipped migration plus a
 * test-only table rebuild appended in the child only — and killed at times spread over the whole
 * migration. Reopened the way the app opens it, the store must pass its integrity check, be at one
 * of the versions a migration ends at with exactly that version's schema (nothing half-applied),
 * hold every row it held before byte for byte, and the next run must finish the migration.
 */
import { spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { copyFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { openStore } from '../../../../electron/core/recovery/open-store'
import { openDatabase, type Db } from '../../../../electron/core/store/database'
import { migrate, schemaVersion } from '../../../../electron/core/store/migrate'
import { REPO } from '../../../support/cli'
import { tempDir } from '../../../support/temp'
import { ALL_MIGRATIONS, SLOW_MIGRATION } from './fixtures/slow-migration'

const CHILD = join(REPO, 'test', 'integration', 'trust', 'crash', 'fixtures', 'migrate-child.ts')
const JOBS = 2500
const KILLS = 8
const dir = tempDir('kiosk-migration-kill-')
const seed = join(dir, 'seed.db')
const LATEST = SLOW_MIGRATION.version

/** Every row of the version-1 columns, hashed: what a migration must never lose or change. */
function dataHash(db: Db): string {
  const h = createHash('sha256')
  for (const sql of [
    `SELECT job_id, user_id, job_type, state, attempts, created_at, updated_at, next_attempt_at,
       local_checks, backend_result, last_error, metadata, wrapped_key FROM jobs ORDER BY id`,
    'SELECT id, job_id, kind, seq, mime, sha256, size, width, height, ciphertext FROM job_images ORDER BY id',
    'SELECT id, job_id, at, event, from_state, to_state, detail FROM job_events ORDER BY id',
    'SELECT key, value, updated_at FROM settings ORDER BY key',
  ]) {
    for (const row of db.prepare(sql).raw().iterate() as Iterable<unknown[]>) {
      for (const v of row) h.update(Buffer.isBuffer(v) ? v : `${typeof v}:${String(v)}|`)
    }
  }
  return h.digest('hex')
}

const schemaOf = (db: Db): string =>
  JSON.stringify(
    db
      .prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
      )
      .all(),
  )

/** The schema a clean migration to each version leaves (on an empty store). */
const reference = new Map<number, string>()
let seedHash = ''

beforeAll(() => {
  for (let v = 1; v <= LATEST; v++) {
    const db = openDatabase(':memory:')
    migrate(db, v, ALL_MIGRATIONS)
    reference.set(v, schemaOf(db))
    db.close()
  }
  const db = openDatabase(seed)
  migrate(db, 1, ALL_MIGRATIONS)
  const at = '2026-03-01T09:00:00.000Z'
  const job =
    db.prepare(`INSERT INTO jobs (job_id, user_id, job_type, state, created_at, updated_at,
    metadata, wrapped_key) VALUES (?, ?, 4, 'captured', ?, ?, ?, ?)`)
  const image = db.prepare(`INSERT INTO job_images (job_id, kind, seq, mime, sha256, size, width,
    height, ciphertext) VALUES (?, ?, ?, 'image/jpeg', ?, ?, 640, 480, ?)`)
  const event = db.prepare(`INSERT INTO job_events (job_id, at, event, from_state, to_state)
    VALUES (?, ?, 'captured', NULL, 'captured')`)
  db.transaction(() => {
    for (let i = 0; i < JOBS; i++) {
      const id = `mig-${i}`
      job.run(id, `user-${i}`, at, at, JSON.stringify({ i }), randomBytes(60))
      for (const [kind, seq] of [
        ['selfie', 0],
        ['liveness', 0],
        ['liveness', 1],
        ['liveness', 2],
      ] as const) {
        const sealed = randomBytes(5000 + (i % 7) * 300)
        image.run(
          id,
          kind,
          seq,
          createHash('sha256').update(sealed).digest('hex'),
          sealed.length - 29,
          sealed,
        )
      }
      event.run(id, at)
    }
    db.prepare(`INSERT INTO settings VALUES ('ui.language', '"fr"', ?)`).run(at)
  })()
  seedHash = dataHash(db)
  db.pragma('wal_checkpoint(TRUNCATE)')
  db.close()
}, 120_000)

/** A fresh copy of the version-1 store. */
function freshStore(name: string): string {
  const file = join(dir, `${name}.db`)
  for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true })
  copyFileSync(seed, file)
  return file
}

interface ChildRun {
  killed: boolean
  /** ms from "migrating" to the end (kill or done). */
  ms: number
  stdout: string
}

/** Runs the child; with `killAfterMs`, SIGKILLs it that long after it started migrating. */
function runChild(db: string, killAfterMs?: number): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stdout = ''
    let stderr = ''
    let started = 0
    let timer: NodeJS.Timeout | undefined
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString()
      if (started === 0 && stdout.includes('migrating')) {
        started = performance.now()
        if (killAfterMs !== undefined) timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      }
    })
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      if (signal !== 'SIGKILL' && code !== 0) {
        return reject(new Error(`child exited ${code}: ${stderr}`))
      }
      resolve({ killed: signal === 'SIGKILL', ms: performance.now() - started, stdout })
    })
  })
}

/** Reopens as the app does and checks everything a migration promises. */
function expectWhole(file: string): number {
  const db = openStore(file) // refuses a store that fails quick_check
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const v = schemaVersion(db)
    expect(v).toBeGreaterThanOrEqual(1)
    expect(v).toBeLessThanOrEqual(LATEST)
    // Exactly the schema a clean migration to v leaves: no table of a later one half there.
    expect(schemaOf(db), `schema at version ${v}`).toBe(reference.get(v))
    expect(dataHash(db), `rows at version ${v}`).toBe(seedHash)
    expect(db.prepare('SELECT count(*) FROM job_images').pluck().get()).toBe(JOBS * 4)
    return v
  } finally {
    db.close()
  }
}

describe('SIGKILL during a migration', () => {
  it(`leaves the old or the new version, never half of one, and the next run finishes (${KILLS} kills)`, async () => {
    const clean = freshStore('clean')
    const full = await runChild(clean)
    expect(full.stdout).toContain(`done ${LATEST}`)
    expect(expectWhole(clean)).toBe(LATEST)

    const versions: number[] = []
    let killed = 0
    for (let k = 1; k <= KILLS; k++) {
      const file = freshStore(`kill-${k}`)
      // From the first statement to just past the end of an unkilled run.
      const at = Math.round((full.ms * 1.1 * k) / KILLS)
      const run = await runChild(file, at)
      if (run.killed) killed++
      process.stdout.write(`kill ${k} at ${at} ms: ${run.killed ? 'killed' : 'finished'}\n`)
      versions.push(expectWhole(file))

      // The next run (the app starting again) completes the migration from where it stopped.
      const again = await runChild(file)
      expect(again.stdout).toContain(`done ${LATEST}`)
      expect(expectWhole(file)).toBe(LATEST)
      const db = openDatabase(file, { readonly: true })
      expect(
        db
          .prepare('SELECT count(*) FROM job_images WHERE size_kb <> (size + 1023) / 1024')
          .pluck()
          .get(),
      ).toBe(0)
      db.close()
    }
    // The kills really landed inside the migration, and some before the table rebuild committed.
    expect(killed).toBeGreaterThanOrEqual(KILLS - 2)
    expect(versions.some((v) => v < LATEST)).toBe(true)
  }, 180_000)
})
