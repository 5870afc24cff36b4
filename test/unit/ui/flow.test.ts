import { describe, expect, it } from 'vitest'
import {
  flowImages,
  flowReducer,
  initialFlow,
  type CaptureResult,
  type CapturedDocument,
  type DocumentMode,
  type FlowAction,
  type FlowState,
} from '../../../electron/shared/ui/capture-flow.policy'
import { passiveRecord } from '../../../electron/shared/liveness/liveness-record'

const capture: CaptureResult = {
  selfie: new Uint8Array([1]),
  frames: [new Uint8Array([2]), new Uint8Array([3])],
  record: passiveRecord(2000),
  endedAt: 0,
}
const doc: CapturedDocument = {
  front: new Uint8Array([9]),
  back: null,
  source: 'upload',
  mrz: null,
}

function run(start: FlowState, actions: FlowAction[], mode: DocumentMode = 'optional'): FlowState {
  return actions.reduce((s, a) => flowReducer(s, a, mode), start)
}
const toFace: FlowAction[] = [
  { type: 'identified', userId: 'cust-1' },
  { type: 'consented', at: '2026-11-22T10:00:00.000Z' },
]

describe('capture flow', () => {
  it('staff start at the customer number; self-service chooses first', () => {
    expect(initialFlow(4).step).toBe('identify')
    expect(initialFlow(null).step).toBe('choose')
    expect(run(initialFlow(null), [{ type: 'choose', jobType: 2 }])).toMatchObject({
      step: 'identify',
      jobType: 2,
    })
  })

  it.each([
    ['enrolment, document optional', 4, 'optional', 'document'],
    ['enrolment, document required', 4, 'required', 'document'],
    ['enrolment, document off', 4, 'off', 'saving'],
    ['authentication never asks for a document', 2, 'required', 'saving'],
  ] as const)('%s: after the face comes %s', (_n, jobType, mode, next) => {
    const s = run(initialFlow(jobType), [...toFace, { type: 'captured', capture }], mode)
    expect(s.step).toBe(next)
  })

  it('a document scanned at the start is not asked for again, and goes in the job', () => {
    const s = run(initialFlow(4), [
      { type: 'identified', userId: 'cust-1', document: doc },
      { type: 'consented', at: 'x' },
      { type: 'captured', capture },
    ])
    expect(s.step).toBe('saving')
    expect(flowImages(s).map((i) => i.kind)).toEqual(['selfie', 'liveness', 'liveness', 'id_front'])
  })

  it('a required document cannot be skipped; an optional one can', () => {
    const at = run(initialFlow(4), [...toFace, { type: 'captured', capture }], 'required')
    expect(flowReducer(at, { type: 'document', document: null }, 'required').step).toBe('document')
    expect(flowReducer(at, { type: 'document', document: null }, 'optional').step).toBe('saving')
    expect(flowReducer(at, { type: 'document', document: doc }, 'required').step).toBe('saving')
  })

  it('saving: failure keeps everything for a retry; success goes to review, then receipt', () => {
    let s = run(initialFlow(4), [...toFace, { type: 'captured', capture }], 'off')
    s = flowReducer(s, { type: 'save_failed', error: 'disk full' }, 'off')
    expect(s).toMatchObject({ step: 'saving', error: 'disk full', capture })
    s = flowReducer(s, { type: 'retry_save' }, 'off')
    expect(s).toMatchObject({ step: 'saving', error: null })
    const job = { job_id: 'job-1' } as FlowState['job'] & object
    s = flowReducer(s, { type: 'saved', job }, 'off')
    expect(s.step).toBe('review')
    expect(flowReducer(s, { type: 'finish' }, 'off').step).toBe('receipt')
  })

  it('a failed liveness session ends the flow on its own screen', () => {
    const s = run(initialFlow(4), [
      ...toFace,
      { type: 'liveness_failed', capture, job: null, error: 'refused' },
    ])
    expect(s).toMatchObject({ step: 'liveness_failed', error: 'refused' })
    expect(flowReducer(s, { type: 'back' }, 'off')).toBe(s)
  })

  it('back goes one step back only before anything is captured', () => {
    const atFace = run(initialFlow(null), [{ type: 'choose', jobType: 4 }, ...toFace])
    expect(atFace.step).toBe('face')
    const b1 = flowReducer(atFace, { type: 'back' }, 'off')
    const b2 = flowReducer(b1, { type: 'back' }, 'off')
    expect([b1.step, b2.step, flowReducer(b2, { type: 'back' }, 'off').step]).toEqual([
      'consent',
      'identify',
      'choose',
    ])
  })
})
