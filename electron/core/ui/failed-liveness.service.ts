/**
 * Keeps a failed active-liveness session as a job that is failed from the start. Create and fail
 * happen in one transaction, so no sync pass can ever see the job as `captured` (pending) and
 * upload it; the state machine only lets staff_retry move it on, and staff see why it failed.
 * Local checks are not run: the session already failed, and models would only cost time.
 */
import type { FailedLivenessInput } from '../../shared/contract/ui.contract'
import type { JobDetail } from '../../shared/domain/job'
import type { EventBus } from '../events'
import { prepareCapture, toStored } from '../jobs/capture.service'
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
  const { jobId, images } = await prepareCapture(deps.jobs, input)
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
      images: images.map(toStored),
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
  return deps.jobs.require(jobId)
}
