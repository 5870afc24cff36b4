/**
 * 0005: field mode — the keys of export bundles, the laptops a branch machine trusts, every bundle
 * written or read (so none is imported twice), which jobs left or arrived in which bundle, and
 * wall-clock / uptime samples for clock-jump detection.
 * Frozen: imports nothing from the app. Private keys are stored only sealed by the device key.
 */
import type Database from 'better-sqlite3'

export function up(db: Database.Database): void {
  db.exec(`
    -- This machine's own key pairs: the laptop's Ed25519 signing key ('device-signing') and the
    -- branch machine's X25519 recipient keys ('recipient:<fingerprint>'; old ones are kept, retired,
    -- so bundles made for them can still be read).
    CREATE TABLE field_keys (
      name            TEXT PRIMARY KEY,
      kind            TEXT NOT NULL CHECK (kind IN ('ed25519', 'x25519')),
      public_key      BLOB NOT NULL,
      fingerprint     TEXT NOT NULL UNIQUE,
      wrapped_private BLOB NOT NULL,
      created_at      TEXT NOT NULL,
      retired_at      TEXT
    ) STRICT;

    -- Laptops whose signed bundles this machine accepts (public keys only).
    CREATE TABLE field_trusted_devices (
      fingerprint TEXT PRIMARY KEY,
      name        TEXT NOT NULL UNIQUE COLLATE NOCASE,
      public_key  BLOB NOT NULL,
      added_at    TEXT NOT NULL,
      added_by    TEXT NOT NULL,
      revoked_at  TEXT
    ) STRICT;

    -- Every bundle written here (export) or accepted here (import), with its per-job report.
    CREATE TABLE field_bundles (
      bundle_id             TEXT NOT NULL,
      direction             TEXT NOT NULL CHECK (direction IN ('export', 'import')),
      device_fingerprint    TEXT NOT NULL,
      recipient_fingerprint TEXT NOT NULL,
      file_name             TEXT NOT NULL,
      bytes                 INTEGER NOT NULL,
      jobs                  INTEGER NOT NULL,
      at                    TEXT NOT NULL,
      report                TEXT NOT NULL,
      PRIMARY KEY (bundle_id, direction)
    ) STRICT;

    -- Jobs that went out in a bundle (laptop) or came in from one (branch machine). Not a job
    -- state: an exported job stays queued so the laptop can still sync it itself.
    CREATE TABLE field_job_links (
      job_id      TEXT NOT NULL REFERENCES jobs (job_id) ON DELETE CASCADE,
      bundle_id   TEXT NOT NULL,
      role        TEXT NOT NULL CHECK (role IN ('exported', 'imported')),
      captured_at TEXT NOT NULL,
      at          TEXT NOT NULL,
      PRIMARY KEY (job_id, bundle_id, role)
    ) STRICT;
    CREATE INDEX field_job_links_bundle ON field_job_links (bundle_id);

    -- Wall clock next to time since boot (which a wall-clock change does not move). server_ms is
    -- the backend's time at that moment, when sync measured it (HTTP Date).
    CREATE TABLE field_clock (
      id        INTEGER PRIMARY KEY,
      boot_id   TEXT    NOT NULL,
      uptime_ms INTEGER NOT NULL,
      wall_ms   INTEGER NOT NULL,
      server_ms INTEGER,
      source    TEXT    NOT NULL
    ) STRICT;
    CREATE INDEX field_clock_boot ON field_clock (boot_id, id);

    CREATE TABLE field_state (
      key        TEXT PRIMARY KEY,
      value      TEXT NOT NULL,
      updated_at TEXT NOT NULL
    ) STRICT;
  `)
}
