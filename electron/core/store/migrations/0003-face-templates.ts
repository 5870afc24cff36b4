/**
 * 0003: face templates of users enrolled on this kiosk, for offline 1:1 (authentication against
 * the kiosk's own template) and 1:N (the same face enrolling under another user id).
 * Frozen: imports nothing from the app. The embedding is stored only as AES-256-GCM ciphertext
 * under its own data key, wrapped by the device key, exactly like job images.
 * A template counts only once the job holding its selfie is stored: it is joined to job_images by
 * the selfie's sha256 (indexed here), so a capture that failed after its checks leaves nothing that
 * counts.
 */
import type Database from 'better-sqlite3'

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE face_templates (
      id            INTEGER PRIMARY KEY,
      user_id       TEXT    NOT NULL,
      selfie_sha256 TEXT    NOT NULL,
      model         TEXT    NOT NULL,
      created_at    TEXT    NOT NULL,
      wrapped_key   BLOB    NOT NULL,
      ciphertext    BLOB    NOT NULL,
      UNIQUE (user_id, selfie_sha256, model)
    ) STRICT;
    CREATE INDEX face_templates_model_user ON face_templates (model, user_id);
    CREATE INDEX job_images_sha256 ON job_images (sha256);
  `)
}
