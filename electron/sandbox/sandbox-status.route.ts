/**
 * POST /v1/job_status. Every answer is signed (the official library refuses unsigned ones). Before
 * the zip arrives `result` is the string "No zip uploaded yet", as on the vendor's API; while a
 * provisional result waits for (simulated) human review, job_complete stays false.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { resultOutcome } from '../core/protocol/result-codes'
import { sign } from '../core/protocol/signature'
import { checkAuth, type SandboxContext } from './sandbox-context'
import { isObject, parseJson, readBody, sendError, sendJson } from './sandbox-http'

export async function handleJobStatus(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const parsed = parseJson(await readBody(req, 64 * 1024))
  if (!parsed.ok || !isObject(parsed.value)) {
    return sendError(res, 400, '2203', 'Invalid JSON: the request body is not a JSON object')
  }
  const b = parsed.value
  for (const k of ['partner_id', 'user_id', 'job_id', 'timestamp', 'signature'] as const) {
    if (b[k] === undefined || b[k] === null || b[k] === '') {
      return sendError(res, 400, '2213', `A required parameter is missing: ${k}`)
    }
    if (typeof b[k] !== 'string') {
      return sendError(
        res,
        400,
        '2204',
        `A parameter is of the wrong data type: ${k} must be a string`,
      )
    }
  }
  const auth = checkAuth(ctx, b.partner_id, b.timestamp, b.signature)
  if (!auth.ok) return sendError(res, 401, '2205', auth.error)
  const job = ctx.repo.job(b.job_id as string)
  if (job === undefined || job.user_id !== b.user_id) {
    return sendError(
      res,
      404,
      '2213',
      `No job found for job_id ${String(b.job_id)} and user_id ${String(b.user_id)}`,
    )
  }
  const signed = sign(ctx.creds, ctx.now())
  const body: Record<string, unknown> = {
    ...signed,
    code: '2302',
    job_complete: job.state === 'complete',
    job_success:
      job.result !== null &&
      job.state !== 'awaiting_upload' &&
      job.state !== 'processing' &&
      isSuccess(job.result),
    // Before the zip: the vendor's string. Zip in, no result yet: no result at all.
    result:
      job.state === 'awaiting_upload'
        ? 'No zip uploaded yet'
        : job.state === 'processing'
          ? null
          : job.result,
  }
  if (b.history === true) body.history = job.history.slice(0, -1)
  if (b.image_links === true) body.image_links = { error: 'the sandbox does not keep images' }
  sendJson(res, 200, body)
}

/** Approved and provisionally approved jobs succeeded; rejections and refusals did not. */
const isSuccess = (result: Record<string, unknown>): boolean =>
  ['approved', 'provisional'].includes(resultOutcome(String(result.ResultCode)))
