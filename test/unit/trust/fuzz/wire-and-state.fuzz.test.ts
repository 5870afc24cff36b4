/**
 * The browser host's frame decoder and the job state machine, under arbitrary input: frames either
 * decode to exactly what was encoded or are refused with an Error (never a blob read out of
 * bounds, never a hang); any sequence of events keeps a job in a known state, and what is final
 * stays final.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeFrame, encodeFrame } from '../../../../electron/shared/contract/wire'
import { JOB_STATES, type JobState } from '../../../../electron/shared/domain/job'
import { canTake, JOB_EVENTS, nextState } from '../../../../electron/shared/domain/job-state.policy'
import { AppError } from '../../../../electron/shared/contract/result'
import { fuzzParams } from '../../../support/fuzz'

const message = fc.record({
  id: fc.nat(),
  channel: fc.string(),
  // As JSON carries it (the host's frames are JSON): -0 arrives as 0.
  input: fc
    .jsonValue({ maxDepth: 3 })
    .map((v) => JSON.parse(JSON.stringify(v)) as unknown)
    .chain((v) =>
      fc.array(fc.uint8Array({ maxLength: 32 }), { maxLength: 3 }).map((blobs) => ({ v, blobs })),
    ),
})

describe('browser-host frames', () => {
  it('round-trip: what is encoded decodes to the same value and bytes', () => {
    fc.assert(
      fc.property(message, (m) => {
        const value = { id: m.id, channel: m.channel, input: m.input }
        expect(decodeFrame(encodeFrame(value))).toEqual(value)
      }),
      fuzzParams(500),
    )
  })

  it('random and mutated frames decode or throw an Error, and blobs never read outside the frame', () => {
    const mutated = message.chain((m) => {
      const frame = encodeFrame({ id: m.id, channel: m.channel, input: m.input })
      return fc.oneof(
        fc.nat(frame.byteLength).map((n) => frame.slice(0, n)),
        fc
          .tuple(fc.nat(Math.max(0, frame.byteLength - 1)), fc.integer({ min: 0, max: 255 }))
          .map(([at, b]) => {
            const f = frame.slice()
            f[at] = b
            return f
          }),
        fc.uint8Array({ maxLength: 16 }).map((extra) => Uint8Array.from([...frame, ...extra])),
      )
    })
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 256 }), mutated), (frame) => {
        let out: unknown
        try {
          out = decodeFrame(frame)
        } catch (err) {
          expect(err).toBeInstanceOf(Error)
          return
        }
        // Every blob in the result is a copy of bytes inside the frame.
        const blobs: Uint8Array[] = []
        JSON.stringify(out, (_k, v: unknown) => {
          if (v instanceof Uint8Array) blobs.push(v)
          return v instanceof Uint8Array ? null : v
        })
        const total = blobs.reduce((n, b) => n + b.byteLength, 0)
        expect(total).toBeLessThanOrEqual(frame.byteLength)
      }),
      fuzzParams(2000),
    )
  })
})

describe('job state machine', () => {
  it('any sequence of events leaves a job in a known state; complete and failed only leave by staff', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...JOB_EVENTS), { maxLength: 40 }), (events) => {
        let state: JobState = 'captured'
        for (const e of events) {
          const before = state
          try {
            state = nextState(state, e)
          } catch (err) {
            expect(err).toBeInstanceOf(AppError)
            expect((err as AppError).code).toBe('illegal_transition')
            expect(canTake(before, e)).toBe(false)
            continue
          }
          expect(JOB_STATES).toContain(state)
          if (before === 'complete') expect.fail(`complete took ${e}`)
          if (before === 'failed') expect([e, state]).toEqual(['staff_retry', 'captured'])
        }
      }),
      fuzzParams(1000),
    )
  })
})
