/**
 * 0002: what sync needs to resume after any crash, and the relay outbox.
 * Frozen: imports nothing from the app. Request signatures and timestamps are never stored: they
 * are computed at send time. The upload URL is kept (with its expiry) so a job prepared before a
 * restart can be uploaded without a second prep; it is a short-lived capability for one job's zip.
 */
import type Database from 'better-sqlite3'

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE sync_jobs (
      job_id            TEXT    PRIMARY KEY REFERENCES jobs (job_id) ON DELETE CASCADE,
      smile_job_id      TEXT,
      upload_url        TEXT,
      upload_expires_at TEXT,
      prepared_at       TEXT,
      -- prep requests / PUTs the backend answered OK; prep_count > 0 means "send retry: true"
      prep_count        INTEGER NOT NULL DEFAULT 0,
      upload_count      INTEGER NOT NULL DEFAULT 0,
      polls             INTEGER NOT NULL DEFAULT 0,
      -- consecutive failed tries: drives the backoff, reset by any success
      failures          INTEGER NOT NULL DEFAULT 0,
      -- staff allowed re-enrolling an enrolled user id (the answer to 2209)
      allow_new_enroll  INTEGER NOT NULL DEFAULT 0 CHECK (allow_new_enroll IN (0, 1)),
      -- approved / provisional / rejected / pending / error / review, from the result code table
      outcome           TEXT
    ) STRICT;

    -- Final results waiting to be relayed to the bank, in order per user (id order).
    CREATE TABLE relay_outbox (
      id              INTEGER PRIMARY KEY,
      relay_id        TEXT    NOT NULL UNIQUE,
      job_id          TEXT    NOT NULL,
      user_id         TEXT    NOT NULL,
      body            TEXT    NOT NULL,
      created_at      TEXT    NOT NULL,
      attempts        INTEGER NOT NULL DEFAULT 0,
      next_attempt_at TEXT    NOT NULL,
      delivered_at    TEXT,
      last_error      TEXT
    ) STRICT;
    CREATE INDEX relay_pending_user ON relay_outbox (user_id, id) WHERE delivered_at IS NULL;
    CREATE INDEX relay_pending_due ON relay_outbox (next_attempt_at, id) WHERE delivered_at IS NULL;

    -- Small sync facts: the single-runner lease, demo credentials (key sealed), the demo port.
    CREATE TABLE sync_state (
      key        TEXT PRIMARY KEY,
      value      TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `)
}
