/**
 * Contract entries the kiosk screens need beyond jobs and settings: whether a customer id is
 * known on this kiosk (enrol needs a new one, authenticate an enrolled one), and recording an
 * active-liveness session that failed, so it is kept as such and never sent as passed.
 */
import { z } from 'zod'
import { ATTEMPT_FAILURES } from '../liveness/challenge.policy'
import { JobDetail, JobState, UserId } from '../domain/job'
import { CaptureInput } from './jobs.contract'
import { entry } from './schema'

export const UserLookup = z.object({
  userId: z.string(),
  /** Enrolment jobs for this id that did not fail: the id is taken on this kiosk. */
  enrolments: z.number().int(),
  authentications: z.number().int(),
  enrolled: z.boolean(),
  /** State of the newest enrolment job, if any. */
  lastEnrolmentState: JobState.nullable(),
})
export type UserLookup = z.infer<typeof UserLookup>

export const LIVENESS_FAILURE_REASONS = [...ATTEMPT_FAILURES, 'session_timeout'] as const
export const LivenessFailureReason = z.enum(LIVENESS_FAILURE_REASONS)

export const FailedLivenessInput = CaptureInput.extend({ reason: LivenessFailureReason })
export type FailedLivenessInput = z.infer<typeof FailedLivenessInput>

export const PrepareResult = z.object({
  ready: z.boolean(),
  /** Execution provider of the face engine, when it started. */
  provider: z.string().nullable(),
  message: z.string().nullable(),
})

export const uiContract = {
  /**
   * Called when a capture begins: starts the face engine (inference process, models) while the
   * customer types and reads, so the checks after the last challenge do not wait for it.
   */
  'capture:prepare': entry(z.object({}), PrepareResult),
  'users:lookup': entry(z.object({ userId: UserId }), UserLookup),
  /**
   * Stores the session's images as a job that is already `failed` (reason in last_error, and
   * metadata.liveness.active = "failed"), in one transaction: sync only takes pending jobs, so it
   * is never uploaded, and staff see it in the queue.
   */
  'liveness:failed': entry(FailedLivenessInput, JobDetail),
} as const
