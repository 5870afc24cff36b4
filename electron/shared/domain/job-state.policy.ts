/** The job state machine: a pure function from (state, event) to the next state. */
import { AppError } from '../contract/result'
import type { JobState } from './job'

/** Everything that can happen to a job. Sync and staff actions speak only in these. */
export const JOB_EVENTS = [
  'prepared', // prep upload accepted
  'prep_expired', // the upload URL expired before the PUT: prepare again (with retry)
  'uploaded', // zip PUT accepted
  'acknowledged', // job_status shows the backend has the job, no final result yet
  'provisional_result', // a non-final result (e.g. under human review)
  'final_result', // a final result arrived
  'rejected', // terminal backend error: the job can never succeed as it is
  'attention', // staff must act before the job can go on
  'staff_retry', // staff asked to try a failed / blocked job again
] as const
export type JobEventName = (typeof JOB_EVENTS)[number]

const IN_FLIGHT: readonly JobState[] = ['captured', 'prepared', 'uploaded', 'submitted']

/** Allowed transitions: event → (from state → to state). Anything absent is illegal. */
const TABLE: Record<JobEventName, Partial<Record<JobState, JobState>>> = {
  prepared: { captured: 'prepared', prepared: 'prepared' },
  prep_expired: { prepared: 'captured' },
  uploaded: { prepared: 'uploaded' },
  acknowledged: { uploaded: 'submitted', submitted: 'submitted' },
  provisional_result: { uploaded: 'submitted', submitted: 'submitted' },
  final_result: { uploaded: 'complete', submitted: 'complete' },
  rejected: Object.fromEntries(IN_FLIGHT.map((s) => [s, 'failed'])),
  attention: Object.fromEntries(IN_FLIGHT.map((s) => [s, 'needs_attention'])),
  staff_retry: { failed: 'captured', needs_attention: 'captured' },
}

export function nextState(from: JobState, event: JobEventName): JobState {
  const to = TABLE[event][from]
  if (to === undefined) {
    throw new AppError(
      'illegal_transition',
      `a job in state "${from}" cannot take event "${event}"`,
    )
  }
  return to
}

export function canTake(from: JobState, event: JobEventName): boolean {
  return TABLE[event][from] !== undefined
}

/** States sync still has work for. */
export const PENDING_STATES: readonly JobState[] = IN_FLIGHT
export const isFinalState = (s: JobState): boolean => s === 'complete' || s === 'failed'
