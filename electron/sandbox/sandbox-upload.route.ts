/**
 * PUT <upload_url>: the presigned S3-style upload. Only a complete body counts as an upload (the
 * tests' "uploaded once" is this counter); the zip is then processed into a result before the 200,
 * which carries an S3-style ETag (MD5 of the body) so a client can prove the bytes arrived.
 */
import { createHash, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { readJobZip } from '../core/protocol/zip'
import { uploadUrlSignature, type SandboxContext } from './sandbox-context'
import { forcedDecision, selfieUsable, type DeciderOutput } from './sandbox-decider'
import { readBody, sendError, sendS3Error } from './sandbox-http'
import { buildResult, failedResult, type ResultContext } from './sandbox-results'
import type { SandboxJob } from './sandbox.repo'
import { errorText } from '../shared/contract/result'

const MAX_ZIP = 50 * 1024 * 1024
const inProgress = new WeakMap<SandboxContext, Set<string>>()

export async function handleUpload(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const m = /^\/uploads\/([^/]+)\/([^/]+)-(\d{10})-([A-Za-z0-9_-]+)\/[^/]+$/.exec(url.pathname)
  if (m === null) return sendS3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.')
  const job = ctx.repo.jobBySmileId(m[3] ?? '')
  const expires = Number(url.searchParams.get('Expires'))
  const given = Buffer.from(url.searchParams.get('Signature') ?? '')
  const wanted = Buffer.from(uploadUrlSignature(ctx.urlSecret, url.pathname, expires))
  if (given.byteLength !== wanted.byteLength || !timingSafeEqual(given, wanted)) {
    return sendS3Error(
      res,
      403,
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided.',
    )
  }
  if (job === undefined || job.upload_nonce !== m[4]) {
    return sendS3Error(
      res,
      403,
      'AccessDenied',
      'This upload URL was replaced by a newer one; prepare the job again.',
    )
  }
  if (ctx.now().getTime() > expires * 1000) {
    return sendS3Error(res, 403, 'AccessDenied', 'Request has expired')
  }

  const body = await readBody(req, MAX_ZIP)
  if (body.byteLength === 0) return sendError(res, 400, '2314', 'No zip file received')
  ctx.repo.countUpload(job.job_id)
  const etag = `"${createHash('md5').update(body).digest('hex')}"`

  // A second upload of a job that already has its zip is counted (tests catch it) but not re-run.
  const delay = ctx.faults.get().processingMs
  if (delay > 0) {
    if (ctx.repo.holdZip(job.job_id, body, ctx.now().getTime() + delay)) ctx.wake()
  } else {
    const busy = inProgress.get(ctx) ?? new Set<string>()
    inProgress.set(ctx, busy)
    if (job.state === 'awaiting_upload' && !busy.has(job.job_id)) {
      busy.add(job.job_id)
      try {
        await processZip(ctx, job, body)
      } finally {
        busy.delete(job.job_id)
      }
    }
  }
  res.writeHead(200, { etag, 'content-length': 0 })
  res.end()
}

/** Unpacks, checks and decides the job, stores the result and queues the callback. */
export async function processZip(ctx: SandboxContext, job: SandboxJob, zip: Buffer): Promise<void> {
  const rc: ResultContext = {
    jobType: job.job_type,
    smileJobId: job.smile_job_id,
    partnerParams: job.partner_params,
  }
  const read = await readJobZip(zip)
  if (!read.ok) {
    const r = failedResult(rc, read.code, read.reason)
    ctx.repo.setResult(job, r.result, { final: true, reviewDueAt: null })
    return ctx.wake()
  }
  const selfie = read.images.find((i) => i.kind === 'selfie')?.bytes ?? Buffer.alloc(0)
  const liveness = read.images.filter((i) => i.kind === 'liveness').map((i) => i.bytes)
  let decision: DeciderOutput
  const forced = forcedDecision(job.partner_params, job.job_type)
  if (forced !== null) {
    decision = forced
  } else if (!(await selfieUsable(selfie))) {
    const r = failedResult(rc, '0001', 'Data Invalid - selfie image unusable')
    ctx.repo.setResult(job, r.result, { final: true, reviewDueAt: null })
    return ctx.wake()
  } else {
    const enrolled = job.job_type === 2 ? (ctx.repo.user(job.user_id)?.template ?? null) : null
    try {
      decision = await ctx.decider.decide({
        jobType: job.job_type,
        userId: job.user_id,
        selfie,
        liveness,
        enrolledTemplate: enrolled,
      })
    } catch (err) {
      // The engine failing is the sandbox's problem, not the job's: say so in the result.
      const why = `face engine failed (${errorText(err)}); images were not compared`
      decision = { verdict: 'unchecked', confidence: 50, engine: why, template: null }
    }
  }
  const built = buildResult(rc, decision)
  const enrols = job.job_type === 4 && ['approve', 'review', 'unchecked'].includes(decision.verdict)
  ctx.repo.db
    .transaction(() => {
      if (enrols) ctx.repo.enrol(job.user_id, job.job_id, decision.template)
      const reviewDueAt = built.final
        ? null
        : ctx.now().getTime() + ctx.faults.get().reviewDelaySec * 1000
      ctx.repo.setResult(job, built.result, { final: built.final, reviewDueAt })
    })
    .immediate()
  ctx.wake()
}
