import { describe, expect, it } from 'vitest'
import { JOB_STATES, type JobState } from '../../electron/shared/domain/job'
import {
  canTake,
  JOB_EVENTS,
  nextState,
  type JobEventName,
} from '../../electron/shared/domain/job-state.policy'

// Every (state, event) pair: the expected next state, or undefined when the move is illegal.
const EXPECTED: Record<JobState, Partial<Record<JobEventName, JobState>>> = {
  captured: { prepared: 'prepared', rejected: 'failed', attention: 'needs_attention' },
  prepared: {
    prepared: 'prepared',
    prep_expired: 'captured',
    uploaded: 'uploaded',
    rejected: 'failed',
    attention: 'needs_attention',
  },
  uploaded: {
    acknowledged: 'submitted',
    provisional_result: 'submitted',
    final_result: 'complete',
    rejected: 'failed',
    attention: 'needs_attention',
  },
  submitted: {
    acknowledged: 'submitted',
    provisional_result: 'submitted',
    final_result: 'complete',
    rejected: 'failed',
    attention: 'needs_attention',
  },
  complete: {},
  failed: { staff_retry: 'captured' },
  needs_attention: { staff_retry: 'captured' },
}

describe('job state machine', () => {
  const cases = JOB_STATES.flatMap((s) => JOB_EVENTS.map((e) => [s, e, EXPECTED[s][e]] as const))

  it.each(cases)('%s + %s → %s', (from, event, to) => {
    if (to === undefined) {
      expect(canTake(from, event)).toBe(false)
      expect(() => nextState(from, event)).toThrowError(
        expect.objectContaining({ code: 'illegal_transition' }),
      )
    } else {
      expect(canTake(from, event)).toBe(true)
      expect(nextState(from, event)).toBe(to)
    }
  })

  it('never leaves complete: a final result is final', () => {
    for (const e of JOB_EVENTS) expect(canTake('complete', e)).toBe(false)
  })

  it('names the state and event in the refusal', () => {
    expect(() => nextState('complete', 'uploaded')).toThrow(
      'a job in state "complete" cannot take event "uploaded"',
    )
  })
})
