/**
 * The sandbox backend's own schema, independent of the kiosk's: it plays the vendor's server and
 * must survive a restart with every job, enrolment and pending callback intact. Append only.
 */
import type Database from 'better-sqlite3'

export interface SandboxMigration {
  version: number
  up: (db: Database.Database) => void
}

export const SANDBOX_MIGRATIONS: readonly SandboxMigration[] = [
  {
    version: 1,
    up: (db) =>
      db.exec(`
        CREATE TABLE partner (
          id          INTEGER PRIMARY KEY CHECK (id = 1),
          partner_id  TEXT NOT NULL,
          api_key     TEXT NOT NULL,
          -- keys the presigned upload URLs (the sandbox's own S3 "secret")
          url_secret  BLOB NOT NULL
        ) STRICT;

        CREATE TABLE jobs (
          id                INTEGER PRIMARY KEY,
          job_id            TEXT    NOT NULL UNIQUE,
          user_id           TEXT    NOT NULL,
          job_type          INTEGER NOT NULL,
          partner_params    TEXT    NOT NULL,
          callback_url      TEXT,
          allow_new_enroll  INTEGER NOT NULL DEFAULT 0,
          -- how often the job was prepared / fully uploaded: tests assert "uploaded once"
          prep_count        INTEGER NOT NULL DEFAULT 0,
          upload_count      INTEGER NOT NULL DEFAULT 0,
          upload_nonce      TEXT    NOT NULL,
          upload_expires_at INTEGER NOT NULL,
          state             TEXT    NOT NULL CHECK (state IN ('awaiting_upload', 'processing', 'under_review', 'complete')),
          result            TEXT,
          history           TEXT    NOT NULL DEFAULT '[]',
          review_due_at     INTEGER,
          created_at        TEXT    NOT NULL,
          updated_at        TEXT    NOT NULL
        ) STRICT;
        CREATE INDEX jobs_review ON jobs (review_due_at) WHERE review_due_at IS NOT NULL;

        -- Zips received and not processed yet (processing is asynchronous, as behind S3); a
        -- restart picks them up. Deleted as soon as the job has its result.
        CREATE TABLE zips (
          job_id TEXT    PRIMARY KEY,
          zip    BLOB    NOT NULL,
          due_at INTEGER NOT NULL
        ) STRICT;
        CREATE INDEX zips_due ON zips (due_at);

        CREATE TABLE users (
          user_id         TEXT PRIMARY KEY,
          enrolled_job_id TEXT NOT NULL,
          enrolled_at     TEXT NOT NULL,
          status          TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'deleted')),
          -- face embedding of the enrolment selfie when the face engine ran; never the image
          template        BLOB
        ) STRICT;

        CREATE TABLE callbacks (
          id           INTEGER PRIMARY KEY,
          job_id       TEXT    NOT NULL,
          url          TEXT    NOT NULL,
          result       TEXT    NOT NULL,
          attempts     INTEGER NOT NULL DEFAULT 0,
          next_at      INTEGER NOT NULL,
          delivered_at TEXT,
          last_error   TEXT
        ) STRICT;
        CREATE INDEX callbacks_due ON callbacks (next_at) WHERE delivered_at IS NULL;
      `),
  },
]

export function migrateSandbox(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number
  for (const m of SANDBOX_MIGRATIONS) {
    if (m.version <= current) continue
    db.transaction(() => {
      m.up(db)
      db.pragma(`user_version = ${m.version}`)
    }).immediate()
  }
}
