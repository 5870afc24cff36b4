/**
 * The sandbox's background work, all driven from its database so a restart resumes it: received
 * zips waiting to be processed, simulated human reviews that turn provisional results final, and signed callbacks with retries
 * (1 s, 2 s, 4 s … up to 5 min, 12 attempts) to each job's callback_url.
 */
import { Agent, request } from 'undici'
import { callbackBody } from '../core/protocol/callback'
import type { SandboxContext } from './sandbox-context'
import { reviewedResult } from './sandbox-results'
import { processZip } from './sandbox-upload.route'
import { errorText } from '../shared/contract/result'

const MAX_CALLBACK_ATTEMPTS = 12

export interface Scheduler {
  wake(): void
  stop(): Promise<void>
}

export function startScheduler(ctx: SandboxContext): Scheduler {
  const agent = new Agent({
    connect: { timeout: 5_000 },
    headersTimeout: 10_000,
    bodyTimeout: 10_000,
  })
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let stopped = false
  let again = false

  async function tick(): Promise<void> {
    const now = ctx.now().getTime()
    for (const z of ctx.repo.dueZips(now)) {
      const job = ctx.repo.job(z.job_id)
      if (job !== undefined && job.state === 'processing') await processZip(ctx, job, z.zip)
      ctx.repo.dropZip(z.job_id)
    }
    for (const job of ctx.repo.dueReviews(now)) {
      if (job.result === null) continue
      const r = reviewedResult(
        { jobType: job.job_type, smileJobId: job.smile_job_id, partnerParams: job.partner_params },
        job.result,
      )
      ctx.repo.setResult(job, r.result, { final: true, reviewDueAt: null })
    }
    const due = ctx.repo.dueCallbacks(now, 16)
    await Promise.all(
      due.map(async (cb) => {
        try {
          const body = JSON.stringify(callbackBody(cb.result, ctx.creds, ctx.now()))
          const res = await request(cb.url, {
            method: 'POST',
            body,
            headers: { 'content-type': 'application/json' },
            dispatcher: agent,
          })
          await res.body.dump()
          if (res.statusCode >= 200 && res.statusCode < 300) {
            return void ctx.repo.callbackDelivered(cb.id)
          }
          throw new Error(`HTTP ${res.statusCode}`)
        } catch (err) {
          const attempts = cb.attempts + 1
          const delay = Math.min(300_000, 1000 * 2 ** (attempts - 1))
          ctx.repo.callbackFailed(
            cb.id,
            ctx.now().getTime() + delay,
            errorText(err),
            attempts >= MAX_CALLBACK_ATTEMPTS,
          )
        }
      }),
    )
  }

  function schedule(): void {
    if (stopped) return
    if (running) {
      again = true
      return
    }
    clearTimeout(timer)
    const next = [ctx.repo.nextZipAt(), ctx.repo.nextReviewAt(), ctx.repo.nextCallbackAt()].filter(
      (x): x is number => x !== null,
    )
    if (next.length === 0) return
    const delay = Math.max(0, Math.min(...next) - ctx.now().getTime())
    timer = setTimeout(run, Math.min(delay, 60_000))
    timer.unref()
  }

  function run(): void {
    running = tick()
      .catch(() => undefined)
      .finally(() => {
        running = undefined
        if (again) again = false
        schedule()
      })
  }

  schedule()
  return {
    wake: schedule,
    async stop() {
      stopped = true
      clearTimeout(timer)
      await running
      await agent.close()
    },
  }
}
