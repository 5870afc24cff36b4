/**
 * 0004: trust — the hash-chained audit log and its sealed anchor, device-held keys for the audit
 * seal and the staff-secret pepper, staff accounts, and when a job's images were purged.
 * Frozen: imports nothing from the app.
 */
import type Database from 'better-sqlite3'

export function up(db: Database.Database): void {
  db.exec(`
    -- One row per thing someone did. hash = SHA-256 over the row's canonical encoding including
    -- prev_hash (the chain); seal = HMAC of hash under a device-held key, so a rewritten row
    -- cannot be made to verify again without that key.
    CREATE TABLE audit_log (
      seq       INTEGER PRIMARY KEY,
      at        TEXT NOT NULL,
      actor     TEXT NOT NULL,
      action    TEXT NOT NULL,
      subject   TEXT NOT NULL,
      detail    TEXT NOT NULL,
      prev_hash TEXT NOT NULL,
      hash      TEXT NOT NULL,
      seal      TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_log_action ON audit_log (action, seq);
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
      BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;

    -- The head of the chain kept outside the log, sealed: cutting entries off the end is detected.
    CREATE TABLE audit_anchor (
      id         INTEGER PRIMARY KEY CHECK (id = 1),
      seq        INTEGER NOT NULL,
      hash       TEXT    NOT NULL,
      seal       TEXT    NOT NULL,
      updated_at TEXT    NOT NULL
    ) STRICT;

    -- Random keys wrapped by the device key (never stored in clear).
    CREATE TABLE trust_keys (
      name       TEXT PRIMARY KEY,
      wrapped    BLOB NOT NULL,
      created_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE staff (
      id              INTEGER PRIMARY KEY,
      username        TEXT    NOT NULL UNIQUE COLLATE NOCASE,
      display_name    TEXT    NOT NULL,
      role            TEXT    NOT NULL CHECK (role IN ('staff', 'supervisor')),
      secret_hash     TEXT    NOT NULL,
      failed_attempts INTEGER NOT NULL DEFAULT 0,
      locked_until    TEXT,
      last_sign_in_at TEXT,
      created_at      TEXT    NOT NULL,
      updated_at      TEXT    NOT NULL
    ) STRICT;

    ALTER TABLE jobs ADD COLUMN images_purged_at TEXT;
  `)
}
