/**
 * POST /v1/upload (prep upload), with the vendor's refusals: 2203 unreadable JSON, 2213 a required
 * field missing, 2204 a field of the wrong type, 2205 bad signature / stale timestamp, 2212 job
 * type, 2215 duplicate job_id without `retry`, 2209 enrolling an enrolled user without
 * `allow_new_enroll`, 2210 authenticating an unknown user (2207 / 2208 disabled / deleted).
 */
import { randomBytes } from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { checkAuth, uploadUrlSignature, type SandboxContext } from './sandbox-context'
import { isObject, parseJson, readBody, sendError, sendJson } from './sandbox-http'
import type { SandboxJob } from './sandbox.repo'

const MAX_PREP_BODY = 256 * 1024

export interface PrepRequest {
  partnerParams: Record<string, unknown> & { user_id: string; job_id: string }
  jobType: number
  retry: boolean
  allowNewEnroll: boolean
  callbackUrl: string | null
}

export type PrepValidation =
  { ok: true; req: PrepRequest } | { ok: false; status: number; code: string; error: string }

const fail = (status: number, code: string, error: string): PrepValidation => ({
  ok: false,
  status,
  code,
  error,
})

/** Pure validation of a prep body (auth aside), in the order a client would fix things. */
export function validatePrep(body: unknown): PrepValidation {
  if (!isObject(body)) {
    return fail(
      400,
      '2204',
      'A parameter is of the wrong data type: the body must be a JSON object',
    )
  }
  for (const k of ['smile_client_id', 'signature', 'timestamp', 'partner_params'] as const) {
    if (body[k] === undefined || body[k] === null || body[k] === '') {
      return fail(400, '2213', `A required parameter is missing: ${k}`)
    }
  }
  const pp = body.partner_params
  if (!isObject(pp)) {
    return fail(
      400,
      '2204',
      'A parameter is of the wrong data type: partner_params must be an object',
    )
  }
  for (const k of ['user_id', 'job_id', 'job_type'] as const) {
    if (pp[k] === undefined || pp[k] === null || pp[k] === '') {
      return fail(400, '2213', `A required parameter is missing: partner_params.${k}`)
    }
  }
  for (const k of ['smile_client_id', 'signature', 'timestamp'] as const) {
    if (typeof body[k] !== 'string') {
      return fail(400, '2204', `A parameter is of the wrong data type: ${k} must be a string`)
    }
  }
  for (const k of ['user_id', 'job_id'] as const) {
    if (typeof pp[k] !== 'string') {
      return fail(
        400,
        '2204',
        `A parameter is of the wrong data type: partner_params.${k} must be a string`,
      )
    }
  }
  const jt = pp.job_type
  const jobType =
    typeof jt === 'number' ? jt : typeof jt === 'string' && /^\d+$/.test(jt) ? Number(jt) : NaN
  if (!Number.isInteger(jobType)) {
    return fail(
      400,
      '2204',
      'A parameter is of the wrong data type: partner_params.job_type must be an integer',
    )
  }
  // Booleans must be booleans: the string forms are what broke stored offline jobs in the SDKs.
  for (const k of ['retry', 'allow_new_enroll', 'use_enrolled_image'] as const) {
    if (body[k] !== undefined && typeof body[k] !== 'boolean') {
      return fail(400, '2204', `A parameter is of the wrong data type: ${k} must be true or false`)
    }
  }
  if (
    body.callback_url !== undefined &&
    body.callback_url !== null &&
    typeof body.callback_url !== 'string'
  ) {
    return fail(400, '2204', 'A parameter is of the wrong data type: callback_url must be a string')
  }
  const callbackUrl =
    typeof body.callback_url === 'string' && body.callback_url !== '' ? body.callback_url : null
  if (callbackUrl !== null && !/^https?:\/\/[^\s]+$/.test(callbackUrl)) {
    return fail(
      400,
      '2204',
      'A parameter is of the wrong data type: callback_url must be an http(s) URL',
    )
  }
  return {
    ok: true,
    req: {
      partnerParams: pp as PrepRequest['partnerParams'],
      jobType,
      retry: body.retry === true,
      allowNewEnroll: body.allow_new_enroll === true,
      callbackUrl,
    },
  }
}

export async function handlePrep(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parsed = parseJson(await readBody(req, MAX_PREP_BODY))
  if (!parsed.ok) return sendError(res, 400, '2203', 'Invalid JSON: the request body is not JSON')
  const v = validatePrep(parsed.value)
  if (!v.ok) return sendError(res, v.status, v.code, v.error)
  const body = parsed.value as Record<string, unknown>
  const auth = checkAuth(ctx, body.smile_client_id, body.timestamp, body.signature)
  if (!auth.ok) return sendError(res, 401, '2205', auth.error)

  const { partnerParams: pp, jobType } = v.req
  if (jobType !== 2 && jobType !== 4) {
    return sendError(res, 400, '2212', `Invalid job type ${jobType}: this product takes 2 or 4`)
  }

  const existing = ctx.repo.job(pp.job_id)
  if (existing !== undefined && (!v.req.retry || existing.user_id !== pp.user_id)) {
    return sendError(
      res,
      400,
      '2215',
      'Job already exists. Did you mean to set the retry flag to true?',
    )
  }
  const user = ctx.repo.user(pp.user_id)
  if (
    jobType === 4 &&
    user !== undefined &&
    user.status !== 'deleted' &&
    user.enrolled_job_id !== pp.job_id &&
    !v.req.allowNewEnroll
  ) {
    return sendError(
      res,
      400,
      '2209',
      `Wrong user id. This user is already enrolled with user_id ${pp.user_id}`,
    )
  }
  if (jobType === 2) {
    if (user === undefined) {
      return sendError(res, 400, '2210', `No enrolled user found for user_id ${pp.user_id}`)
    }
    if (user.status === 'disabled') return sendError(res, 400, '2207', 'Enrolled user is disabled')
    if (user.status === 'deleted') {
      return sendError(res, 400, '2208', 'Enrolled user was deleted from the system')
    }
  }

  const nonce = randomBytes(9).toString('base64url')
  const expiresAt = ctx.now().getTime() + ctx.faults.get().uploadTtlSec * 1000
  const fields = {
    upload_nonce: nonce,
    upload_expires_at: expiresAt,
    partner_params: { ...pp, job_type: jobType },
    callback_url: v.req.callbackUrl,
    allow_new_enroll: v.req.allowNewEnroll,
  }
  const job: SandboxJob =
    existing === undefined
      ? ctx.repo.createJob({ ...fields, job_id: pp.job_id, user_id: pp.user_id, job_type: jobType })
      : ctx.repo.reprep(pp.job_id, fields)
  const ref = `${ctx.creds.partnerId}-${job.smile_job_id}-${nonce}`
  const path = `/uploads/${encodeURIComponent(ctx.creds.partnerId)}/${ref}/selfie.zip`
  const expires = Math.floor(expiresAt / 1000)
  const url = `${ctx.origin()}${path}?Content-Type=application%2Fzip&Expires=${expires}&Signature=${uploadUrlSignature(ctx.urlSecret, path, expires)}`
  sendJson(res, 200, {
    upload_url: url,
    ref_id: ref,
    smile_job_id: job.smile_job_id,
    camera_config: 'null',
    code: '2202',
  })
}
