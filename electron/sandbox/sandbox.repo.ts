/** All SQL of the sandbox backend: partner credentials, jobs, enrolled users, callback outbox. */
import { randomBytes } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { restrictToOwner, type Db } from '../core/store/database'
import { migrateSandbox } from './sandbox-migrations'
import { sealer, type SandboxSeal } from './sandbox-seal'

export type SandboxJobState = 'awaiting_upload' | 'processing' | 'under_review' | 'complete'

export interface SandboxJob {
  id: number
  job_id: string
  user_id: string
  job_type: 2 | 4
  smile_job_id: string
  partner_params: Record<string, unknown>
  callback_url: string | null
  allow_new_enroll: boolean
  prep_count: number
  upload_count: number
  upload_nonce: string
  upload_expires_at: number
  state: SandboxJobState
  result: Record<string, unknown> | null
  history: Record<string, unknown>[]
  review_due_at: number | null
  created_at: string
  updated_at: string
}

export interface SandboxUser {
  user_id: string
  enrolled_job_id: string
  status: 'active' | 'disabled' | 'deleted'
  template: Float32Array | null
}

export interface PendingCallback {
  id: number
  job_id: string
  url: string
  result: Record<string, unknown>
  attempts: number
}

interface JobRow extends Omit<
  SandboxJob,
  'partner_params' | 'allow_new_enroll' | 'result' | 'history' | 'smile_job_id' | 'job_type'
> {
  job_type: number
  partner_params: string
  allow_new_enroll: number
  result: string | null
  history: string
}

export type SandboxRepo = ReturnType<typeof openSandboxRepo>

/** Smile job ids are 10-digit strings ("0000000001"); the row id gives them. */
export const smileJobId = (id: number): string => String(id).padStart(10, '0')

export function openSandboxRepo(dataDir: string, clock: () => Date, seal?: SandboxSeal) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 })
  const file = join(dataDir, 'sandbox.db')
  restrictToOwner(file) // as the kiosk's own store
  const db: Db = new Database(file)
  const sealed = sealer(seal)
  db.pragma('journal_mode = WAL')
  // Deleted zips and replaced keys are overwritten, not left in free pages.
  db.pragma('secure_delete = ON')
  // NORMAL in WAL mode survives a killed process (the tests' crash case) without an fsync per
  // request; only an OS crash could lose the last writes of this test backend.
  db.pragma('synchronous = NORMAL')
  db.pragma('busy_timeout = 5000')
  migrateSandbox(db)
  const iso = () => clock().toISOString()

  const q = {
    partner: db.prepare('SELECT partner_id, api_key, url_secret FROM partner WHERE id = 1'),
    setPartner:
      db.prepare(`INSERT INTO partner (id, partner_id, api_key, url_secret) VALUES (1, ?, ?, ?)
      ON CONFLICT (id) DO UPDATE SET partner_id = excluded.partner_id, api_key = excluded.api_key`),
    job: db.prepare('SELECT * FROM jobs WHERE job_id = ?'),
    jobById: db.prepare('SELECT * FROM jobs WHERE id = ?'),
    insertJob:
      db.prepare(`INSERT INTO jobs (job_id, user_id, job_type, partner_params, callback_url,
      allow_new_enroll, prep_count, upload_nonce, upload_expires_at, state, created_at, updated_at)
      VALUES (@job_id, @user_id, @job_type, @partner_params, @callback_url, @allow_new_enroll, 1,
      @upload_nonce, @upload_expires_at, 'awaiting_upload', @at, @at)`),
    reprep:
      db.prepare(`UPDATE jobs SET prep_count = prep_count + 1, upload_nonce = ?, upload_expires_at = ?,
      partner_params = ?, callback_url = ?, allow_new_enroll = ?, updated_at = ? WHERE job_id = ?`),
    countUpload: db.prepare(
      'UPDATE jobs SET upload_count = upload_count + 1, updated_at = ? WHERE job_id = ?',
    ),
    setResult:
      db.prepare(`UPDATE jobs SET state = ?, result = ?, history = ?, review_due_at = ?, updated_at = ?
      WHERE job_id = ?`),
    dueReviews: db.prepare(
      'SELECT * FROM jobs WHERE review_due_at IS NOT NULL AND review_due_at <= ? ORDER BY review_due_at LIMIT 100',
    ),
    nextReview: db
      .prepare('SELECT min(review_due_at) FROM jobs WHERE review_due_at IS NOT NULL')
      .pluck(),
    listJobs: db.prepare('SELECT * FROM jobs ORDER BY id LIMIT ? OFFSET ?'),
    user: db.prepare(
      'SELECT user_id, enrolled_job_id, status, template FROM users WHERE user_id = ?',
    ),
    enrol:
      db.prepare(`INSERT INTO users (user_id, enrolled_job_id, enrolled_at, template) VALUES (?, ?, ?, ?)
      ON CONFLICT (user_id) DO UPDATE SET enrolled_job_id = excluded.enrolled_job_id,
      enrolled_at = excluded.enrolled_at, template = excluded.template, status = 'active'`),
    setUserStatus: db.prepare('UPDATE users SET status = ? WHERE user_id = ?'),
    addCallback: db.prepare(
      'INSERT INTO callbacks (job_id, url, result, next_at) VALUES (?, ?, ?, ?)',
    ),
    // One job's callbacks go in order (provisional before final), so a receiver never sees a
    // late provisional result overwrite the final one.
    dueCallbacks: db.prepare(`SELECT c.id, c.job_id, c.url, c.result, c.attempts FROM callbacks c
      WHERE c.delivered_at IS NULL AND c.next_at <= ?
        AND NOT EXISTS (SELECT 1 FROM callbacks p WHERE p.job_id = c.job_id AND p.id < c.id AND p.delivered_at IS NULL)
      ORDER BY c.id LIMIT ?`),
    nextCallback: db
      .prepare('SELECT min(next_at) FROM callbacks WHERE delivered_at IS NULL')
      .pluck(),
    delivered: db.prepare(
      'UPDATE callbacks SET delivered_at = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?',
    ),
    callbackFailed:
      db.prepare(`UPDATE callbacks SET attempts = attempts + 1, next_at = ?, last_error = ?,
      delivered_at = CASE WHEN ? THEN 'gave up' ELSE NULL END WHERE id = ?`),
    callbacks: db.prepare(
      'SELECT id, job_id, url, attempts, delivered_at, last_error FROM callbacks ORDER BY id',
    ),
    holdZip: db.prepare('INSERT OR IGNORE INTO zips (job_id, zip, due_at) VALUES (?, ?, ?)'),
    markProcessing: db.prepare(
      `UPDATE jobs SET state = 'processing', updated_at = ? WHERE job_id = ? AND state = 'awaiting_upload'`,
    ),
    dueZips: db.prepare('SELECT job_id, zip FROM zips WHERE due_at <= ? ORDER BY due_at LIMIT 32'),
    nextZip: db.prepare('SELECT min(due_at) FROM zips').pluck(),
    dropZip: db.prepare('DELETE FROM zips WHERE job_id = ?'),
  }

  function toJob(r: JobRow | undefined): SandboxJob | undefined {
    if (r === undefined) return undefined
    return {
      ...r,
      job_type: r.job_type as 2 | 4,
      smile_job_id: smileJobId(r.id),
      partner_params: JSON.parse(r.partner_params) as Record<string, unknown>,
      allow_new_enroll: r.allow_new_enroll === 1,
      result: r.result === null ? null : (JSON.parse(r.result) as Record<string, unknown>),
      history: JSON.parse(r.history) as Record<string, unknown>[],
    }
  }

  return {
    db,
    /** The partner's credentials; set from options, else generated once and kept. */
    partner(override?: { partnerId?: string | undefined; apiKey?: string | undefined }) {
      const cur = q.partner.get() as
        { partner_id: string; api_key: string; url_secret: Buffer } | undefined
      const partnerId =
        override?.partnerId ??
        cur?.partner_id ??
        String(1000 + (randomBytes(2).readUInt16BE() % 9000))
      const stored = cur === undefined ? undefined : sealed.untext(cur.api_key, 'partner.api_key')
      const apiKey = override?.apiKey ?? stored ?? randomBytes(24).toString('base64url')
      const reseal = cur !== undefined && sealed.sealing && !sealed.isSealedText(cur.api_key)
      if (cur === undefined || cur.partner_id !== partnerId || stored !== apiKey || reseal) {
        q.setPartner.run(
          partnerId,
          sealed.text(apiKey, 'partner.api_key'),
          cur?.url_secret ?? randomBytes(32),
        )
      }
      const secret = (q.partner.get() as { url_secret: Buffer }).url_secret
      return { partnerId, apiKey, urlSecret: secret }
    },
    job: (jobId: string) => toJob(q.job.get(jobId) as JobRow | undefined),
    jobBySmileId: (smileId: string) => toJob(q.jobById.get(Number(smileId)) as JobRow | undefined),
    createJob(j: {
      job_id: string
      user_id: string
      job_type: number
      partner_params: object
      callback_url: string | null
      allow_new_enroll: boolean
      upload_nonce: string
      upload_expires_at: number
    }): SandboxJob {
      q.insertJob.run({
        ...j,
        partner_params: JSON.stringify(j.partner_params),
        allow_new_enroll: j.allow_new_enroll ? 1 : 0,
        at: iso(),
      })
      return toJob(q.job.get(j.job_id) as JobRow) as SandboxJob
    },
    reprep(
      jobId: string,
      j: {
        upload_nonce: string
        upload_expires_at: number
        partner_params: object
        callback_url: string | null
        allow_new_enroll: boolean
      },
    ): SandboxJob {
      q.reprep.run(
        j.upload_nonce,
        j.upload_expires_at,
        JSON.stringify(j.partner_params),
        j.callback_url,
        j.allow_new_enroll ? 1 : 0,
        iso(),
        jobId,
      )
      return toJob(q.job.get(jobId) as JobRow) as SandboxJob
    },
    countUpload: (jobId: string) => q.countUpload.run(iso(), jobId),
    /** Stores a result (appending it to the job's history) and queues its callback, atomically. */
    setResult(
      job: SandboxJob,
      result: Record<string, unknown>,
      opts: { final: boolean; reviewDueAt: number | null },
    ): void {
      db.transaction(() => {
        const history = [...job.history, result]
        q.setResult.run(
          opts.final ? 'complete' : 'under_review',
          JSON.stringify(result),
          JSON.stringify(history),
          opts.reviewDueAt,
          iso(),
          job.job_id,
        )
        if (job.callback_url) {
          q.addCallback.run(job.job_id, job.callback_url, JSON.stringify(result), clock().getTime())
        }
      }).immediate()
    },
    /** Keeps a received zip for processing at `dueAt`; false when the job already had one. */
    holdZip(jobId: string, zip: Buffer, dueAt: number): boolean {
      return db
        .transaction(() => {
          if (q.markProcessing.run(iso(), jobId).changes === 0) return false
          q.holdZip.run(jobId, sealed.blob(zip, `zip:${jobId}`), dueAt)
          return true
        })
        .immediate()
    },
    dueZips: (now: number) =>
      (q.dueZips.all(now) as { job_id: string; zip: Buffer }[]).map((z) => ({
        job_id: z.job_id,
        zip: sealed.unblob(z.zip, `zip:${z.job_id}`),
      })),
    nextZipAt: () => q.nextZip.get() as number | null,
    dropZip: (jobId: string) => void q.dropZip.run(jobId),
    dueReviews: (now: number) => (q.dueReviews.all(now) as JobRow[]).map(toJob) as SandboxJob[],
    nextReviewAt: () => q.nextReview.get() as number | null,
    listJobs: (limit = 1000, offset = 0) =>
      (q.listJobs.all(limit, offset) as JobRow[]).map(toJob) as SandboxJob[],
    user(userId: string): SandboxUser | undefined {
      const r = q.user.get(userId) as
        | {
            user_id: string
            enrolled_job_id: string
            status: SandboxUser['status']
            template: Buffer | null
          }
        | undefined
      if (r === undefined) return undefined
      const bytes = r.template === null ? null : sealed.unblob(r.template, `template:${r.user_id}`)
      const template =
        bytes === null
          ? null
          : new Float32Array(
              bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
            )
      return { ...r, template }
    },
    enrol: (userId: string, jobId: string, template: Float32Array | null) =>
      q.enrol.run(
        userId,
        jobId,
        iso(),
        template === null
          ? null
          : sealed.blob(
              Buffer.from(template.buffer, template.byteOffset, template.byteLength),
              `template:${userId}`,
            ),
      ),
    setUserStatus: (userId: string, status: SandboxUser['status']) =>
      q.setUserStatus.run(status, userId).changes > 0,
    dueCallbacks: (now: number, limit: number): PendingCallback[] =>
      (
        q.dueCallbacks.all(now, limit) as (Omit<PendingCallback, 'result'> & { result: string })[]
      ).map((c) => ({ ...c, result: JSON.parse(c.result) as Record<string, unknown> })),
    nextCallbackAt: () => q.nextCallback.get() as number | null,
    callbackDelivered: (id: number) => q.delivered.run(iso(), id),
    callbackFailed: (id: number, nextAt: number, error: string, giveUp: boolean) =>
      q.callbackFailed.run(nextAt, error, giveUp ? 1 : 0, id),
    callbacks: () =>
      q.callbacks.all() as {
        id: number
        job_id: string
        url: string
        attempts: number
        delivered_at: string | null
        last_error: string | null
      }[],
    close: () => {
      if (db.open) db.close()
    },
  }
}
