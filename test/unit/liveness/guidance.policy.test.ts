import { describe, expect, it } from 'vitest'
import {
  autoCaptureStep,
  GUIDANCE_DEFAULTS,
  guidanceHint,
  initialAutoCapture,
  type GuidanceHint,
} from '../../../electron/shared/liveness/guidance.policy'
import type { FrameObservation } from '../../../electron/shared/liveness/observation'
import { face, frame, frames } from './stream'

const at = (x: number, y: number, w = 0.3, h = 0.4) => ({
  x: x - w / 2,
  y: y - h / 2,
  width: w,
  height: h,
})

describe('guidanceHint: one hint per frame, the most useful first', () => {
  const cases: [string, FrameObservation, GuidanceHint][] = [
    ['nobody there', frame(0, []), 'no_face'],
    ['two people', frame(0, [face(), face({ box: at(0.15, 0.5, 0.25, 0.33) })]), 'one_person'],
    [
      'someone small far behind is fine',
      frame(0, [face(), face({ box: at(0.1, 0.3, 0.06, 0.08) })]),
      'ok',
    ],
    ['too far away', frame(0, [face({ box: at(0.5, 0.5, 0.15, 0.2) })]), 'move_closer'],
    ['too close', frame(0, [face({ box: at(0.5, 0.5, 0.6, 0.8) })]), 'move_back'],
    ['off to one side', frame(0, [face({ box: at(0.8, 0.5) })]), 'centre_face'],
    ['too low in the frame', frame(0, [face({ box: at(0.5, 0.78) })]), 'centre_face'],
    ['too dark', frame(0, [face()], 30), 'more_light'],
    ['blown out', frame(0, [face()], 250), 'less_light'],
    ['looking away', frame(0, [face({ yawDeg: 25 })]), 'look_straight'],
    ['looking down hard', frame(0, [face({ pitchDeg: -35 })]), 'look_straight'],
    ['all good', frame(0, [face()]), 'ok'],
  ]
  it.each(cases)('%s → %s', (_name, f, hint) => {
    expect(guidanceHint(f, undefined)).toBe(hint)
  })

  it('asks to hold still while the face moves quickly', () => {
    const prev = frame(0, [face({ box: at(0.5, 0.5) })])
    expect(guidanceHint(frame(33, [face({ box: at(0.53, 0.5) })]), prev)).toBe('hold_still')
    expect(guidanceHint(frame(33, [face({ box: at(0.503, 0.5) })]), prev)).toBe('ok')
  })
})

describe('auto-capture', () => {
  function run(stream: FrameObservation[]) {
    let state = initialAutoCapture()
    const captures: number[] = []
    for (const f of stream) {
      const r = autoCaptureStep(state, f)
      state = r.state
      if (r.capture) captures.push(f.t)
    }
    return { captures, state }
  }

  it('captures once the picture has been good for the hold time', () => {
    const { captures } = run(frames(0, 1500, () => [face()]))
    expect(captures).toHaveLength(1)
    expect(captures[0]).toBeGreaterThanOrEqual(GUIDANCE_DEFAULTS.holdMs)
    expect(captures[0]).toBeLessThan(GUIDANCE_DEFAULTS.holdMs + 40)
  })

  it('starts the hold again whenever the picture goes bad', () => {
    const { captures } = run(frames(0, 1600, (t) => (t >= 700 && t < 760 ? [] : [face()])))
    expect(captures).toEqual([])
  })

  it('never captures without a face (an empty scene)', () => {
    const { captures, state } = run(frames(0, 5000, () => []))
    expect(captures).toEqual([])
    expect(state.hint).toBe('no_face')
  })

  it('reports progress along the hold for the on-screen ring', () => {
    let state = initialAutoCapture()
    const progress: number[] = []
    for (const f of frames(0, 600, () => [face()])) {
      const r = autoCaptureStep(state, f)
      state = r.state
      progress.push(r.progress)
    }
    expect(progress[0]).toBe(0)
    expect(progress.at(-1)).toBeGreaterThan(0.5)
    expect([...progress].sort((a, b) => a - b)).toEqual(progress)
  })
})
