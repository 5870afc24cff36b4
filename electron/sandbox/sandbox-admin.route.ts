/**
 * /__sandbox/*: what tests and operators need to see and steer: per-job prep/upload counts, the
 * callback log, requests per second (rate), fault knobs, a user's status (to provoke 2207/2208). Signed like every request,
 * with the partner's key, in headers (x-sandbox-partner-id / -timestamp / -signature).
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { checkAuth, type SandboxContext } from './sandbox-context'
import { SandboxFaults } from './sandbox-faults'
import { isObject, parseJson, readBody, sendError, sendJson } from './sandbox-http'
import type { SandboxJob } from './sandbox.repo'

export const ADMIN_PREFIX = '/__sandbox/'

export interface AdminJobView {
  job_id: string
  user_id: string
  job_type: number
  smile_job_id: string
  prep_count: number
  upload_count: number
  state: string
  result_code: string | null
  results: number
}

export const adminView = (j: SandboxJob): AdminJobView => ({
  job_id: j.job_id,
  user_id: j.user_id,
  job_type: j.job_type,
  smile_job_id: j.smile_job_id,
  prep_count: j.prep_count,
  upload_count: j.upload_count,
  state: j.state,
  result_code: j.result === null ? null : String(j.result.ResultCode),
  results: j.history.length,
})

export async function handleAdmin(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const h = req.headers
  // Admin calls are signed against the real clock: the skew knob must not lock tests out.
  const auth = checkAuth(
    { ...ctx, now: () => new Date() },
    h['x-sandbox-partner-id'],
    h['x-sandbox-timestamp'],
    h['x-sandbox-signature'],
  )
  if (!auth.ok) return sendError(res, 401, '2205', auth.error)
  const path = url.pathname.slice(ADMIN_PREFIX.length)

  if (req.method === 'GET' && path === 'jobs') {
    const id = url.searchParams.get('job_id')
    const jobs =
      id === null
        ? ctx.repo.listJobs(100_000)
        : [ctx.repo.job(id)].filter((j): j is SandboxJob => j !== undefined)
    return sendJson(res, 200, jobs.map(adminView))
  }
  if (req.method === 'GET' && path === 'callbacks') return sendJson(res, 200, ctx.repo.callbacks())
  if (req.method === 'GET' && path === 'rate') {
    return sendJson(res, 200, ctx.meter.snapshot(Number(url.searchParams.get('since') ?? 0)))
  }
  if (path === 'faults' && req.method === 'GET') return sendJson(res, 200, ctx.faults.get())
  if (path === 'faults' && req.method === 'PUT') {
    const body = parseJson(await readBody(req, 16 * 1024))
    const patch =
      body.ok && isObject(body.value) ? SandboxFaults.partial().safeParse(body.value) : undefined
    if (patch === undefined || !patch.success) {
      return sendError(res, 400, '2204', 'faults: expected a JSON object of known knobs')
    }
    return sendJson(res, 200, ctx.faults.set(patch.data))
  }
  const user = /^users\/([^/]+)\/status$/.exec(path)
  if (user !== null && req.method === 'PUT') {
    const body = parseJson(await readBody(req, 1024))
    const status = body.ok && isObject(body.value) ? body.value.status : undefined
    if (status !== 'active' && status !== 'disabled' && status !== 'deleted') {
      return sendError(res, 400, '2204', 'status is active, disabled or deleted')
    }
    const found = ctx.repo.setUserStatus(decodeURIComponent(user[1] ?? ''), status)
    return found
      ? sendJson(res, 200, { ok: true })
      : sendError(res, 404, '2210', 'No enrolled user found')
  }
  sendError(res, 404, '2213', `unknown admin route ${req.method ?? ''} ${url.pathname}`)
}
