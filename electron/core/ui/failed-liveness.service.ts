/**
 * Keeps a failed active-liveness session as a job that is failed from the start. Create and fail
 * happen in one transaction, so no sync pass can ever see the job as `captured` (pending) and
 * upload it; the state machine only lets staff_retry move it on, and staff see why it failed.
 * Local checks are not run: the session already failed, and models would only cost time.
 */
import { randomUUID } from 'node:crypto'
import type { FailedLivenessInput } from '../../shared/contract/ui.contract'
import { AppError } from '../../shared/contract/result'
import type { ImageKind, JobDetail } from '../../shared/domain/job'
import type { EventBus } from '../events'
import { normaliseImage } from '../images/image-input'
import { checkMetadata, MAX_LIVENESS_FRAMES } from '../jobs/capture.service'
import type { Db } from '../store/database'
import type { JobsRepo } from '../store/jobs.repo'

/** One line for staff, per reason (the UI shows its own translated text to the customer). */
export const FAILURE_TEXT: Record<FailedLivenessInput['reason'], string> = {
  timeout: 'a challenge was not completed in time',
  face_lost: 'the face left the camera during the check',
  second_face: 'a second person appeared during the check',
  face_swapped: 'the face changed during the check',
  session_timeout: 'the check took longer than allowed',
}

export const LIVENESS_FAILED_CODE = 'liveness_failed'

export async function recordFailedLiveness(
  deps: { db: Db; jobs: JobsRepo; events: EventBus },
  input: FailedLivenessInput,
): Promise<JobDetail> {
  const jobId = input.jobId ?? `job-${randomUUID()}`
  if (deps.jobs.exists(jobId)) {
    throw new AppError('conflict', `a job with id ${jobId} already exists`)
  }
  const count = (k: ImageKind) => input.images.filter((i) => i.kind === k).length
  if (count('selfie') !== 1) {
    throw new AppError('invalid_input', `a job needs exactly one selfie (got ${count('selfie')})`)
  }
  if (count('liveness') > MAX_LIVENESS_FRAMES) {
    throw new AppError('invalid_input', `at most ${MAX_LIVENESS_FRAMES} liveness frames`)
  }
  checkMetadata(input.metadata)
  const seqs: Partial<Record<ImageKind, number>> = {}
  const images = await Promise.all(
    input.images.map(async (img) => {
      const seq = (seqs[img.kind] = (seqs[img.kind] ?? -1) + 1)
      const n = await normaliseImage(img.bytes, `${img.kind} image`)
      return { ...n, kind: img.kind, seq }
    }),
  )
  const message = `Active liveness failed: ${FAILURE_TEXT[input.reason]}. Not sent to the backend.`
  const liveness = {
    ...((input.metadata?.liveness as Record<string, unknown> | undefined) ?? {}),
    active: 'failed',
    reason: input.reason,
  }
  deps.db.transaction(() => {
    deps.jobs.create({
      jobId,
      userId: input.userId,
      jobType: input.jobType,
      images: images.map((i) => ({
        kind: i.kind,
        seq: i.seq,
        mime: i.mime,
        sha256: i.sha256,
        width: i.width,
        height: i.height,
        bytes: i.bytes,
      })),
      localChecks: null,
      metadata: { ...(input.metadata ?? {}), liveness },
    })
    deps.jobs.record(jobId, LIVENESS_FAILED_CODE, {
      transition: 'rejected',
      detail: { reason: input.reason },
      patch: { lastError: { code: LIVENESS_FAILED_CODE, message } },
    })
  })()
  deps.events.emit('jobs:changed', { jobId, state: 'failed' })
  const job = deps.jobs.get(jobId)
  if (job === undefined) {
    throw new AppError('storage', `job ${jobId} vanished right after it was saved`)
  }
  return job
}
