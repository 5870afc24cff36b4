/**
 * One job's way through the backend: prep upload → zip → PUT → job_status until final. Each step
 * records its outcome in one transaction before the next begins, and each restart point is safe:
 * - died before the prep answer was recorded: the job is still `captured`; the next prep says
 *   retry: false, gets 2215, and repeats with retry: true (the vendor's documented path);
 * - died after prep, around the PUT: a `prepared` job this process did not prepare itself is
 *   first checked with job_status; if the backend already holds the zip, it is not sent again;
 * - died while polling: polling simply resumes; results are idempotent.
 * Exactly once across machines (field mode: the same job synced by the laptop and, from a USB
 * bundle, by a branch machine): a 2215 ("job already exists") is answered by asking job_status
 * first — if the backend holds the zip, its job is adopted and never uploaded again — and a job
 * that travelled in a bundle is checked with job_status before every PUT.
 */
import { createHash } from 'node:crypto'
import {
  prepUploadBody,
  PrepUploadResponse,
  uploadUrlExpiry,
  type PartnerParams,
} from '../protocol/prep-upload'
import { sign } from '../protocol/signature'
import { zipReceived } from '../protocol/status.policy'
import { buildJobZip } from '../protocol/zip'
import { activeLivenessFailed } from '../../shared/liveness/liveness-record'
import { classifyErrorCode } from '../protocol/error-codes'
import { backoffDelay, RETRY_BACKOFF } from './backoff.policy'
import { apiError, bump, change, overloadWait, scalar, transient } from './job-outcomes'
import { poll, status } from './job-poll.step'
import {
  NEXT,
  stop,
  type JobMemory,
  type Step,
  type StepDeps,
  type StepResult,
} from './job-step.types'
import type { DueJob } from './sync.repo'

export type { Endpoint, JobMemory, StepDeps, StepResult } from './job-step.types'

export async function advance(d: StepDeps, job: DueJob, mem: JobMemory): Promise<StepResult> {
  for (let guard = 0; guard < 12; guard++) {
    const state = d.repo.state(job.job_id)
    let step: Step
    if (state === 'captured' && activeLivenessFailed(parseMetadata(job))) {
      // Never reached through the app (such jobs are stored failed); a last line of defence.
      change(d, job, 'liveness_failed', {
        transition: 'rejected',
        patch: {
          lastError: {
            code: 'liveness_failed',
            message: 'the active liveness check failed on the kiosk; not sent to the backend',
          },
        },
      })
      return { kind: 'done' }
    }
    if (state === 'captured') step = await prep(d, job, mem)
    else if (state === 'prepared') step = await upload(d, job, mem)
    else if (state === 'uploaded' || state === 'submitted') step = await poll(d, job, mem, state)
    else return { kind: 'done' }
    if (!step.next) return step.result
  }
  // Twelve steps without settling (e.g. every fresh upload URL refused with 403, so prep → PUT →
  // prep …): back off like any failure. Returning "waiting" left the job due at once, and the
  // engine took it again and again, hammering the backend until the pass's deadline.
  const r = transient(
    d,
    job,
    d.repo.sync(job.job_id),
    'no_progress',
    'the backend keeps sending the job back to be prepared again (its upload is refused); the kiosk will try again later',
  )
  return r.next ? { kind: 'waiting' } : r.result
}

const parseMetadata = (job: DueJob): Record<string, unknown> =>
  JSON.parse(job.metadata) as Record<string, unknown>

function partnerParams(d: StepDeps, job: DueJob): PartnerParams {
  const p: PartnerParams = { user_id: job.user_id, job_id: job.job_id, job_type: job.job_type }
  const forced = parseMetadata(job).sandbox_result
  if (d.endpoint.forwardSandboxParams && (forced === '0' || forced === '1' || forced === '2')) {
    p.sandbox_result = forced
  }
  return p
}

async function prep(d: StepDeps, job: DueJob, mem: JobMemory): Promise<Step> {
  const sync = d.repo.sync(job.job_id)
  const retry = sync.prep_count > 0 || mem.forceRetry
  if (sync.prep_count > 0 && d.repo.shared(job.job_id)) {
    // A re-prep replaces the upload URL another machine may be using for this very job: first ask
    // whether its zip already arrived.
    const adopted = await adoptIfReceived(d, job, 'the backend already had this job')
    if (adopted !== null) return adopted
  }
  const body = prepUploadBody(
    {
      partnerId: d.endpoint.creds.partnerId,
      partnerParams: partnerParams(d, job),
      retry,
      allowNewEnroll: sync.allow_new_enroll === 1,
      callbackUrl: d.endpoint.callbackUrl,
      sourceSdkVersion: d.version,
    },
    sign(d.endpoint.creds, d.signingNow()),
  )
  d.crash('before-prep')
  const a = await d.http.postJson(`${d.endpoint.baseUrl}/upload`, body)
  if (a.kind === 'offline') return stop({ kind: 'offline', reason: a.reason })
  d.noteServerDate(a.serverDate)
  if (a.kind === 'json' && a.status === 200) {
    const r = PrepUploadResponse.safeParse(a.body)
    if (!r.success) {
      return transient(
        d,
        job,
        sync,
        'bad_response',
        'the backend answered the prep upload with an unreadable body',
      )
    }
    d.crash('after-prep-response')
    const now = d.clock()
    // Expires= is in the backend's time: kept in that time, and compared with it (signingNow).
    const expires = uploadUrlExpiry(r.data.upload_url, d.signingNow(), 30 * 60_000)
    change(d, job, 'prepared', {
      transition: 'prepared',
      detail: { smile_job_id: r.data.smile_job_id, retry },
      patch: { lastError: null, nextAttemptAt: null, attempts: bump(job) },
      sync: {
        smile_job_id: r.data.smile_job_id,
        upload_url: r.data.upload_url,
        upload_expires_at: expires.toISOString(),
        prepared_at: now.toISOString(),
        prep_count: sync.prep_count + 1,
        failures: 0,
      },
    })
    mem.preparedHere = true
    mem.putUncertain = false
    mem.forceRetry = false
    d.crash('after-prep-recorded')
    return NEXT
  }
  if (!retry && alreadyExists(a)) {
    const adopted = await adoptIfReceived(d, job, 'the backend already had this job (2215)')
    if (adopted !== null) return adopted
  }
  return apiError(d, job, sync, a, { retrySent: retry, mem })
}

const alreadyExists = (a: { kind: string; body?: unknown }): boolean => {
  const code = a.kind === 'json' ? scalar((a.body as { code?: unknown } | null)?.code) : ''
  return code !== '' && classifyErrorCode(code).action === 'reprep'
}

/**
 * The backend knows this job id already. If it also holds the zip (synced from another machine, or
 * by an earlier run of this one), take its job as ours: record prepared and uploaded without
 * sending anything, and let polling fetch the result. Null: no zip there, prepare again (retry).
 */
async function adoptIfReceived(d: StepDeps, job: DueJob, why: string): Promise<Step | null> {
  const check = await status(d, job)
  if (check.kind === 'offline') return stop({ kind: 'offline', reason: check.reason })
  if (check.kind !== 'decision' || !zipReceived(check.decision)) return null
  const dec = check.decision
  const smileJobId =
    dec.kind === 'final' || dec.kind === 'provisional' ? scalar(dec.result.SmileJobID) : ''
  change(d, job, 'prepared', {
    transition: 'prepared',
    detail: { adopted: why, ...(smileJobId ? { smile_job_id: smileJobId } : {}) },
    patch: { lastError: null, nextAttemptAt: null },
    sync: { ...(smileJobId ? { smile_job_id: smileJobId } : {}), failures: 0 },
  })
  change(d, job, 'uploaded', {
    transition: 'uploaded',
    detail: { adopted: 'the backend already holds the zip: not uploaded again' },
    patch: { lastError: null },
    sync: { failures: 0, polls: 0 },
  })
  return NEXT
}

async function upload(d: StepDeps, job: DueJob, mem: JobMemory): Promise<Step> {
  const sync = d.repo.sync(job.job_id)
  const shared = d.repo.shared(job.job_id)
  if (!mem.preparedHere || mem.putUncertain || shared) {
    // Restarted, the last PUT's fate is unknown, or the job travelled in a USB bundle (another
    // machine may have sent it): ask before sending the zip a second time.
    const check = await status(d, job)
    if (check.kind === 'offline') return stop({ kind: 'offline', reason: check.reason })
    if (check.kind === 'unknown_job') {
      change(d, job, 'prep_expired', {
        transition: 'prep_expired',
        detail: { reason: 'the backend does not know this job; preparing it again' },
      })
      return NEXT
    }
    if (check.kind === 'error') return check.step
    if (check.kind === 'bad_signature') {
      return transient(d, job, sync, 'bad_signature', check.reason)
    }
    if (zipReceived(check.decision)) {
      change(d, job, 'uploaded', {
        transition: 'uploaded',
        detail: shared
          ? { adopted: 'the backend already holds the zip (sent from another machine)' }
          : { recovered: 'the backend already had the zip' },
        patch: { lastError: null },
        sync: { failures: 0 },
      })
      return NEXT
    }
    mem.preparedHere = true
    mem.putUncertain = false
  }
  // The URL's expiry is the backend's time: compare it with our clock as corrected to the
  // backend's, or a device clock running ahead makes every fresh URL look expired.
  const serverNow = d.signingNow().getTime()
  const shift = serverNow - d.clock().getTime()
  const expiresAt = sync.upload_expires_at === null ? 0 : Date.parse(sync.upload_expires_at)
  const issuedAt = sync.prepared_at === null ? expiresAt : Date.parse(sync.prepared_at) + shift
  // Leave time for the PUT itself: 30 s, or a quarter of a short-lived URL's life.
  const margin = Math.min(30_000, Math.max(0, expiresAt - issuedAt) / 4)
  if (sync.upload_url === null || expiresAt - margin <= serverNow) {
    if (sync.upload_url !== null && expiresAt <= issuedAt) {
      // Dead on arrival by our (corrected) clock: re-preparing at once would only loop. Back off.
      return transient(
        d,
        job,
        sync,
        'upload_url_expired',
        "the backend issues upload URLs that have expired by this device's clock: check the clock",
      )
    }
    change(d, job, 'prep_expired', {
      transition: 'prep_expired',
      detail: { reason: 'the upload URL expired before the upload' },
    })
    return NEXT
  }
  const images = d.jobs.readImages(job.job_id)
  const zip = await buildJobZip({
    images: images.map((i) => ({ kind: i.kind, bytes: i.bytes })),
    mode: 'file',
    partnerId: d.endpoint.creds.partnerId,
    partnerParams: partnerParams(d, job),
    retry: sync.prep_count > 1,
  })
  d.crash('before-put')
  mem.putUncertain = true
  const a = await d.http.putZip(sync.upload_url, zip)
  if (a.kind === 'offline') {
    if (a.uncertain) return stop({ kind: 'offline', reason: a.reason })
    mem.putUncertain = false
    // The upload address cannot be reached at all. If the API still answers, the address is the
    // problem (e.g. the demo sandbox came back on another port): a re-prep gives a fresh one.
    const probe = await status(d, job)
    if (probe.kind !== 'decision' && probe.kind !== 'unknown_job') {
      return stop({ kind: 'offline', reason: a.reason })
    }
    change(d, job, 'prep_expired', {
      transition: 'prep_expired',
      detail: {
        reason: `the upload address could not be reached (${a.reason}) while the backend answered`,
      },
    })
    return NEXT
  }
  d.noteServerDate(a.serverDate)
  if (a.status === 200) {
    const etag = a.headers.etag?.replace(/"/g, '')
    const md5 = createHash('md5').update(zip).digest('hex')
    // An S3-style ETag is the body's MD5: a proxy that said 200 without storing anything fails it.
    if (etag !== undefined && etag !== md5 && !etag.includes('-')) {
      mem.putUncertain = false
      return transient(
        d,
        job,
        sync,
        'upload_unconfirmed',
        'the upload was answered 200 but its ETag does not match the zip',
      )
    }
    d.crash('after-put-response')
    change(d, job, 'uploaded', {
      transition: 'uploaded',
      detail: { bytes: zip.byteLength, images: images.length },
      patch: { lastError: null, nextAttemptAt: null },
      sync: { upload_count: sync.upload_count + 1, failures: 0, polls: 0 },
    })
    mem.putUncertain = false
    d.crash('after-put-recorded')
    return NEXT
  }
  mem.putUncertain = false
  if (a.status === 403 || a.status === 404) {
    // Expired, superseded or unknown upload URL: a fresh one comes from a re-prep with retry.
    // A job that travelled in a bundle may have had its URL superseded by the other machine
    // preparing it at the same moment: wait a jittered while (it may be uploading), then ask.
    const wait = shared ? backoffDelay(sync.failures + 1, RETRY_BACKOFF, d.random) : 0
    change(d, job, 'prep_expired', {
      transition: 'prep_expired',
      detail: { reason: `the upload URL was refused (HTTP ${a.status})` },
      ...(shared
        ? {
            patch: { nextAttemptAt: new Date(d.clock().getTime() + wait).toISOString() },
            sync: { failures: sync.failures + 1 },
          }
        : {}),
    })
    return shared ? stop({ kind: 'waiting' }) : NEXT
  }
  const retryAfter = overloadWait(d, a.status, a.headers, sync.failures)
  return transient(
    d,
    job,
    sync,
    `http_${a.status}`,
    `the upload failed with HTTP ${a.status}`,
    retryAfter,
  )
}
