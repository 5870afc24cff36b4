/** Migration 0003 on a store that already holds jobs, and the template repo on top of it. */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createFaceTemplatesRepo } from '../../../electron/core/face/face-templates.repo'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { createJobsRepo } from '../../../electron/core/store/jobs.repo'
import { openDatabase } from '../../../electron/core/store/database'
import { migrate, schemaVersion } from '../../../electron/core/store/migrate'
import { tempDir } from '../../support/temp'

const dir = tempDir()
const keyring = keyringFromKey(Buffer.alloc(32, 1), 'test')
const embedding = (seed: number) => new Float32Array(128).map((_, i) => Math.sin(i + seed))

describe('0003-face-templates', () => {
  it('adds an encrypted template table to a store with jobs, and links templates to their jobs', () => {
    const db = openDatabase(join(dir, 'old.db'))
    migrate(db, 2)
    const before = schemaVersion(db)
    expect(before).toBeLessThan(3)
    db.prepare(
      `INSERT INTO jobs (job_id, user_id, job_type, state, created_at, updated_at, wrapped_key)
      VALUES ('old-job', 'u1', 4, 'captured', 't', 't', x'00')`,
    ).run()
    db.prepare(
      `INSERT INTO job_images (job_id, kind, seq, mime, sha256, size, width, height)
      VALUES ('old-job', 'selfie', 0, 'image/jpeg', 'aaa', 1, 1, 1)`,
    ).run()

    migrate(db, 3)
    expect(schemaVersion(db)).toBe(3)
    const cols = db.prepare(`SELECT name FROM pragma_table_info('face_templates')`).pluck().all()
    expect(cols).toEqual([
      'id',
      'user_id',
      'selfie_sha256',
      'model',
      'created_at',
      'wrapped_key',
      'ciphertext',
    ])
    expect(
      db
        .prepare(`SELECT strict FROM pragma_table_list WHERE name = 'face_templates'`)
        .pluck()
        .get(),
    ).toBe(1)
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT job_id FROM job_images WHERE sha256 = 'aaa'`)
      .all() as { detail: string }[]
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX job_images_sha256/)

    const templates = createFaceTemplatesRepo(db, keyring)
    templates.save({ userId: 'u1', selfieSha256: 'aaa', model: 'm', embedding: embedding(1) })
    // A template whose capture never got stored counts for nothing.
    templates.save({
      userId: 'u2',
      selfieSha256: 'never-stored',
      model: 'm',
      embedding: embedding(2),
    })
    expect(templates.count()).toBe(2)
    const mine = templates.forUser('u1', 'm')
    expect(mine.map((t) => t.jobId)).toEqual(['old-job'])
    expect([...(mine[0]?.embedding ?? [])]).toEqual([...embedding(1)])
    expect(templates.others('u3', 'm').map((t) => t.userId)).toEqual(['u1'])
    expect(templates.others('u1', 'm')).toEqual([])
    expect(templates.forUser('u1', 'another-model')).toEqual([])
    const raw = db
      .prepare('SELECT ciphertext FROM face_templates WHERE user_id = ?')
      .pluck()
      .get('u1') as Buffer
    expect(raw.includes(Buffer.from(embedding(1).buffer).subarray(0, 16))).toBe(false)
    // Another device key opens nothing: a copied database leaks no faces.
    const stolen = createFaceTemplatesRepo(db, keyringFromKey(Buffer.alloc(32, 2), 'thief'))
    expect(() => stolen.forUser('u1', 'm')).toThrow(/failed its integrity check/)
    db.close()
  })

  it('a refused enrolment is no template to authenticate against, but still counts for 1:N', () => {
    const db = openDatabase(join(dir, 'failed.db'))
    migrate(db)
    const jobs = createJobsRepo(db, keyring)
    jobs.create({
      jobId: 'j1',
      userId: 'u1',
      jobType: 4,
      images: [
        {
          kind: 'selfie',
          seq: 0,
          mime: 'image/jpeg',
          sha256: 'bbb',
          width: 1,
          height: 1,
          bytes: new Uint8Array([1]),
        },
      ],
      localChecks: null,
      metadata: {},
    })
    const templates = createFaceTemplatesRepo(db, keyring)
    templates.save({ userId: 'u1', selfieSha256: 'bbb', model: 'm', embedding: embedding(3) })
    expect(templates.forUser('u1', 'm')).toHaveLength(1)
    db.prepare(`UPDATE jobs SET state = 'failed' WHERE job_id = 'j1'`).run()
    expect(templates.forUser('u1', 'm')).toHaveLength(0)
    expect(templates.others('u9', 'm')).toHaveLength(1)
    db.close()
  })
})
