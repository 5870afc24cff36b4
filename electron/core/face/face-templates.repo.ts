/**
 * All SQL about enrolled face templates. An embedding is biometric data: it is sealed here with
 * its own data key (wrapped by the device key) and opened only in memory for a comparison.
 */
import { newDataKey, open, seal } from '../crypto/aead'
import type { Keyring } from '../crypto/keyring'
import type { Db } from '../store/database'

export interface NewTemplate {
  userId: string
  /** sha256 of the stored selfie the embedding came from: links the template to its job. */
  selfieSha256: string
  /** Which embedding model made it; templates of another model are never compared. */
  model: string
  embedding: Float32Array
}

export interface StoredTemplate {
  userId: string
  jobId: string
  jobState: string
  selfieSha256: string
  embedding: Float32Array
}

interface Row {
  user_id: string
  selfie_sha256: string
  model: string
  wrapped_key: Buffer
  ciphertext: Buffer
  job_id: string
  state: string
}

const label = (userId: string, sha: string) => `tpl:${userId}:${sha}`
const aad = (userId: string, sha: string, model: string) => `tpl:${userId}:${sha}:${model}`

export type FaceTemplatesRepo = ReturnType<typeof createFaceTemplatesRepo>

export function createFaceTemplatesRepo(
  db: Db,
  keyring: Keyring,
  clock: () => Date = () => new Date(),
) {
  // A template counts only through a stored enrolment job of the same user holding that selfie.
  const joined = `SELECT t.user_id, t.selfie_sha256, t.model, t.wrapped_key, t.ciphertext,
      j.job_id, j.state, MAX(j.id) AS latest
    FROM face_templates t
    JOIN job_images i ON i.sha256 = t.selfie_sha256 AND i.kind = 'selfie'
    JOIN jobs j ON j.job_id = i.job_id AND j.user_id = t.user_id AND j.job_type = 4
    WHERE t.model = ?`
  const q = {
    insert: db.prepare(`INSERT OR IGNORE INTO face_templates (user_id, selfie_sha256, model,
      created_at, wrapped_key, ciphertext) VALUES (?, ?, ?, ?, ?, ?)`),
    // A refused enrolment is no template to authenticate against.
    forUser: db.prepare(`${joined} AND t.user_id = ? AND j.state <> 'failed' GROUP BY t.id`),
    // ...but its face still counts for 1:N: a refused attempt under another id is worth a flag.
    others: db.prepare(`${joined} AND t.user_id <> ? GROUP BY t.id`),
    count: db.prepare('SELECT count(*) FROM face_templates').pluck(),
  }

  function decode(r: Row): StoredTemplate {
    const key = keyring.unwrap(r.wrapped_key, label(r.user_id, r.selfie_sha256))
    const plain = open(key, r.ciphertext, aad(r.user_id, r.selfie_sha256, r.model))
    // Copy into an aligned buffer: Float32Array needs a 4-byte-aligned offset.
    const embedding = new Float32Array(plain.byteLength / 4)
    new Uint8Array(embedding.buffer).set(plain)
    return {
      userId: r.user_id,
      jobId: r.job_id,
      jobState: r.state,
      selfieSha256: r.selfie_sha256,
      embedding,
    }
  }

  return {
    save(t: NewTemplate): void {
      const key = newDataKey()
      const bytes = new Uint8Array(
        t.embedding.buffer,
        t.embedding.byteOffset,
        t.embedding.byteLength,
      )
      q.insert.run(
        t.userId,
        t.selfieSha256,
        t.model,
        clock().toISOString(),
        keyring.wrap(key, label(t.userId, t.selfieSha256)),
        seal(key, bytes, aad(t.userId, t.selfieSha256, t.model)),
      )
    },
    forUser: (userId: string, model: string): StoredTemplate[] =>
      (q.forUser.all(model, userId) as Row[]).map(decode),
    others: (userId: string, model: string): StoredTemplate[] =>
      (q.others.all(model, userId) as Row[]).map(decode),
    count: (): number => q.count.get() as number,
  }
}
