/** All SQL about jobs, their images and their history. Images are sealed here and only here. */
import { AppError } from '../../shared/contract/result'
import type {
  ImageKind,
  JobDetail,
  JobError,
  JobEvent,
  JobImageInfo,
  JobState,
  JobSummary,
  JobType,
} from '../../shared/domain/job'
import { nextState, type JobEventName } from '../../shared/domain/job-state.policy'
import { newDataKey, open, seal } from '../crypto/aead'
import type { Keyring } from '../crypto/keyring'
import type { Db } from './database'

export interface NewJobImage {
  kind: ImageKind
  seq: number
  mime: string
  sha256: string
  width: number
  height: number
  bytes: Uint8Array
}

export interface NewJob {
  jobId: string
  userId: string
  jobType: JobType
  images: NewJobImage[]
  localChecks: Record<string, unknown> | null
  metadata: Record<string, unknown>
}

export interface StoredImage {
  kind: ImageKind
  seq: number
  mime: string
  bytes: Buffer
}

/** Columns a state change may also set, in the same transaction as the change itself. */
export interface JobPatch {
  attempts?: number
  nextAttemptAt?: string | null
  lastError?: JobError | null
  backendResult?: Record<string, unknown> | null
  localChecks?: Record<string, unknown> | null
}

interface JobRow {
  job_id: string
  user_id: string
  job_type: number
  state: string
  attempts: number
  created_at: string
  updated_at: string
  next_attempt_at: string | null
  local_checks: string | null
  backend_result: string | null
  last_error: string | null
  metadata: string
  wrapped_key: Buffer
}

const imageAad = (jobId: string, kind: string, seq: number) => `img:${jobId}:${kind}:${seq}`

export type JobsRepo = ReturnType<typeof createJobsRepo>

export function createJobsRepo(db: Db, keyring: Keyring, clock: () => Date = () => new Date()) {
  const now = () => clock().toISOString()
  const q = {
    insertJob:
      db.prepare(`INSERT INTO jobs (job_id, user_id, job_type, state, created_at, updated_at,
      local_checks, metadata, wrapped_key) VALUES (@job_id, @user_id, @job_type, 'captured', @at, @at,
      @local_checks, @metadata, @wrapped_key)`),
    insertImage: db.prepare(`INSERT INTO job_images (job_id, kind, seq, mime, sha256, size, width,
      height, ciphertext) VALUES (@job_id, @kind, @seq, @mime, @sha256, @size, @width, @height, @ciphertext)`),
    insertEvent:
      db.prepare(`INSERT INTO job_events (job_id, at, event, from_state, to_state, detail)
      VALUES (?, ?, ?, ?, ?, ?)`),
    exists: db.prepare('SELECT 1 FROM jobs WHERE job_id = ?').pluck(),
    get: db.prepare('SELECT * FROM jobs WHERE job_id = ?'),
    images: db.prepare(`SELECT kind, seq, mime, sha256, size, width, height FROM job_images
      WHERE job_id = ? ORDER BY CASE kind WHEN 'selfie' THEN 0 WHEN 'liveness' THEN 1
      WHEN 'id_front' THEN 2 ELSE 3 END, seq`),
    imageBytes: db.prepare(`SELECT kind, seq, mime, ciphertext FROM job_images WHERE job_id = ?
      ORDER BY CASE kind WHEN 'selfie' THEN 0 WHEN 'liveness' THEN 1 WHEN 'id_front' THEN 2 ELSE 3 END, seq`),
    events: db.prepare(
      'SELECT at, event, from_state, to_state, detail FROM job_events WHERE job_id = ? ORDER BY id',
    ),
    listAll: db.prepare('SELECT * FROM jobs ORDER BY id DESC LIMIT ? OFFSET ?'),
    listByState: db.prepare('SELECT * FROM jobs WHERE state = ? ORDER BY id DESC LIMIT ? OFFSET ?'),
    counts: db.prepare('SELECT state, count(*) AS n FROM jobs GROUP BY state'),
  }

  function create(job: NewJob): void {
    const dataKey = newDataKey()
    const at = now()
    const tx = db.transaction(() => {
      if (q.exists.get(job.jobId) !== undefined) {
        throw new AppError('conflict', `a job with id ${job.jobId} already exists`)
      }
      q.insertJob.run({
        job_id: job.jobId,
        user_id: job.userId,
        job_type: job.jobType,
        at,
        local_checks: job.localChecks === null ? null : JSON.stringify(job.localChecks),
        metadata: JSON.stringify(job.metadata),
        wrapped_key: keyring.wrap(dataKey, job.jobId),
      })
      for (const img of job.images) {
        q.insertImage.run({
          job_id: job.jobId,
          kind: img.kind,
          seq: img.seq,
          mime: img.mime,
          sha256: img.sha256,
          size: img.bytes.byteLength,
          width: img.width,
          height: img.height,
          ciphertext: seal(dataKey, img.bytes, imageAad(job.jobId, img.kind, img.seq)),
        })
      }
      q.insertEvent.run(job.jobId, at, 'captured', null, 'captured', null)
    })
    tx.immediate()
  }

  function row(jobId: string): JobRow | undefined {
    return q.get.get(jobId) as JobRow | undefined
  }

  function requireRow(jobId: string): JobRow {
    const r = row(jobId)
    if (r === undefined) throw new AppError('not_found', `no job with id ${jobId}`)
    return r
  }

  function get(jobId: string): JobDetail | undefined {
    const r = row(jobId)
    if (r === undefined) return undefined
    return {
      ...summary(r),
      images: q.images.all(jobId) as JobImageInfo[],
      local_checks: parseJson(r.local_checks),
      backend_result: parseJson(r.backend_result),
      metadata: parseJson(r.metadata) ?? {},
      history: (q.events.all(jobId) as EventRow[]).map(toEvent),
    }
  }

  /** The job, or a `not_found` error naming it. */
  function require(jobId: string): JobDetail {
    const job = get(jobId)
    if (job === undefined) throw new AppError('not_found', `no job with id ${jobId}`)
    return job
  }

  function list(opts: {
    state?: JobState | undefined
    limit: number
    offset: number
  }): JobSummary[] {
    const rows = (
      opts.state === undefined
        ? q.listAll.all(opts.limit, opts.offset)
        : q.listByState.all(opts.state, opts.limit, opts.offset)
    ) as JobRow[]
    return rows.map(summary)
  }

  /**
   * Records `event` in the history and, when `transition` is given, moves the job through the
   * state machine; an illegal move throws and writes nothing.
   */
  function record(
    jobId: string,
    event: string,
    opts: { transition?: JobEventName; detail?: Record<string, unknown>; patch?: JobPatch } = {},
  ): JobState {
    const tx = db.transaction((): JobState => {
      const r = requireRow(jobId)
      const from = r.state as JobState
      const to = opts.transition === undefined ? from : nextState(from, opts.transition)
      const at = now()
      const p = opts.patch ?? {}
      db.prepare(`UPDATE jobs SET state = ?, updated_at = ?${patchSql(p)} WHERE job_id = ?`).run(
        to,
        at,
        ...patchValues(p),
        jobId,
      )
      q.insertEvent.run(
        jobId,
        at,
        event,
        from,
        to,
        opts.detail ? JSON.stringify(opts.detail) : null,
      )
      return to
    })
    return tx.immediate()
  }

  function readImages(jobId: string): StoredImage[] {
    const r = requireRow(jobId)
    const dataKey = keyring.unwrap(r.wrapped_key, jobId)
    const rows = q.imageBytes.all(jobId) as {
      kind: ImageKind
      seq: number
      mime: string
      ciphertext: Buffer | null
    }[]
    return rows.map((img) => {
      if (img.ciphertext === null) {
        throw new AppError(
          'not_found',
          `the images of job ${jobId} were purged after its final result`,
        )
      }
      return {
        kind: img.kind,
        seq: img.seq,
        mime: img.mime,
        bytes: open(dataKey, img.ciphertext, imageAad(jobId, img.kind, img.seq)),
      }
    })
  }

  function counts(): Record<string, number> {
    const out: Record<string, number> = {}
    for (const { state, n } of q.counts.all() as { state: string; n: number }[]) out[state] = n
    return out
  }

  return {
    create,
    get,
    require,
    list,
    record,
    readImages,
    counts,
    exists: (id: string) => row(id) !== undefined,
  }
}

const PATCH_COLUMNS: Record<keyof JobPatch, string> = {
  attempts: 'attempts',
  nextAttemptAt: 'next_attempt_at',
  lastError: 'last_error',
  backendResult: 'backend_result',
  localChecks: 'local_checks',
}

function patchSql(p: JobPatch): string {
  return (Object.keys(p) as (keyof JobPatch)[]).map((k) => `, ${PATCH_COLUMNS[k]} = ?`).join('')
}

function patchValues(p: JobPatch): (string | number | null)[] {
  return (Object.keys(p) as (keyof JobPatch)[]).map((k) => {
    const v = p[k]
    if (v === undefined || v === null) return null
    return typeof v === 'object' ? JSON.stringify(v) : v
  })
}

function summary(r: JobRow): JobSummary {
  const result = parseJson(r.backend_result)
  const resultText = typeof result?.ResultText === 'string' ? result.ResultText : null
  return {
    job_id: r.job_id,
    user_id: r.user_id,
    job_type: r.job_type as JobType,
    state: r.state as JobState,
    attempts: r.attempts,
    created_at: r.created_at,
    updated_at: r.updated_at,
    last_error: parseJson(r.last_error) as JobError | null,
    result_text: resultText,
  }
}

interface EventRow {
  at: string
  event: string
  from_state: string | null
  to_state: string
  detail: string | null
}

function toEvent(e: EventRow): JobEvent {
  return {
    at: e.at,
    event: e.event,
    from: e.from_state as JobState | null,
    to: e.to_state as JobState,
    detail: parseJson(e.detail),
  }
}

function parseJson(text: string | null): Record<string, unknown> | null {
  return text === null ? null : (JSON.parse(text) as Record<string, unknown>)
}
