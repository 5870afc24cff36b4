/**
 * 0001: jobs, their encrypted images, the append-only event history, settings.
 * Frozen: imports nothing from the app. Biometric bytes are stored only as AES-256-GCM
 * ciphertext under a per-job data key, itself wrapped by the device key (wrapped_key).
 */
import type Database from 'better-sqlite3'

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE jobs (
      id              INTEGER PRIMARY KEY,
      job_id          TEXT    NOT NULL UNIQUE,
      user_id         TEXT    NOT NULL,
      job_type        INTEGER NOT NULL CHECK (job_type IN (2, 4)),
      state           TEXT    NOT NULL,
      attempts        INTEGER NOT NULL DEFAULT 0,
      created_at      TEXT    NOT NULL,
      updated_at      TEXT    NOT NULL,
      next_attempt_at TEXT,
      local_checks    TEXT,
      backend_result  TEXT,
      last_error      TEXT,
      metadata        TEXT    NOT NULL DEFAULT '{}',
      wrapped_key     BLOB    NOT NULL
    ) STRICT;
    CREATE INDEX jobs_state_next ON jobs (state, next_attempt_at, id);
    CREATE INDEX jobs_user ON jobs (user_id, id);

    CREATE TABLE job_images (
      id         INTEGER PRIMARY KEY,
      job_id     TEXT    NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
      kind       TEXT    NOT NULL CHECK (kind IN ('selfie', 'liveness', 'id_front', 'id_back')),
      seq        INTEGER NOT NULL,
      mime       TEXT    NOT NULL,
      sha256     TEXT    NOT NULL,
      size       INTEGER NOT NULL,
      width      INTEGER NOT NULL,
      height     INTEGER NOT NULL,
      ciphertext BLOB,
      UNIQUE (job_id, kind, seq)
    ) STRICT;

    CREATE TABLE job_events (
      id         INTEGER PRIMARY KEY,
      job_id     TEXT NOT NULL,
      at         TEXT NOT NULL,
      event      TEXT NOT NULL,
      from_state TEXT,
      to_state   TEXT NOT NULL,
      detail     TEXT
    ) STRICT;
    CREATE INDEX job_events_job ON job_events (job_id, id);
    CREATE TRIGGER job_events_no_update BEFORE UPDATE ON job_events
      BEGIN SELECT RAISE(ABORT, 'job_events is append-only'); END;
    CREATE TRIGGER job_events_no_delete BEFORE DELETE ON job_events
      BEGIN SELECT RAISE(ABORT, 'job_events is append-only'); END;

    CREATE TABLE settings (
      key        TEXT PRIMARY KEY,
      value      TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `)
}
