import { describe, expect, it } from 'vitest'
import {
  CAPTURE_THRESHOLDS,
  frameHint,
  nextReadiness,
  startReadiness,
  type FrameMeasure,
} from '../../../electron/shared/documents/capture-readiness.policy'

const box = { x0: 10, y0: 10, x1: 600, y1: 400 }
const good: FrameMeasure = {
  outline: { box, fill: 0.85, aspect: 1.5 },
  sharpness: 120,
  glare: 0.02,
  brightness: 140,
}
const frame = (f: Partial<FrameMeasure> & { fill?: number; aspect?: number }): FrameMeasure => ({
  ...good,
  ...f,
  outline: f.outline === null ? null : { box, fill: f.fill ?? 0.85, aspect: f.aspect ?? 1.5 },
})

describe('document capture readiness', () => {
  it.each([
    ['a good frame', frame({}), 'ready'],
    ['no document', frame({ outline: null }), 'no_document'],
    ['a square thing, not a card', frame({ aspect: 1.05 }), 'no_document'],
    ['too far away (50 % fill)', frame({ fill: 0.5 }), 'move_closer'],
    ['at the fill minimum (70 %)', frame({ fill: 0.7 }), 'ready'],
    ['too close (99 % fill)', frame({ fill: 0.99 }), 'move_back'],
    ['glare over 18 %', frame({ glare: 0.25 }), 'glare'],
    ['blurred', frame({ sharpness: 30 }), 'too_blurry'],
    ['dark', frame({ brightness: 20 }), 'too_dark'],
    ['dark wins over everything', frame({ brightness: 20, outline: null }), 'too_dark'],
    ['glare is named before blur', frame({ glare: 0.3, sharpness: 10 }), 'glare'],
  ] as const)('%s → %s', (_name, m, hint) => {
    expect(frameHint(m)).toBe(hint)
  })

  it('captures on the third good frame in a row, not before', () => {
    let s = startReadiness(0)
    const steps = [0, 350, 700].map((t) => {
      const r = nextReadiness(s, good, t)
      s = r.state
      return r
    })
    expect(steps.map((r) => [r.hint, r.capture])).toEqual([
      ['hold_still', false],
      ['hold_still', false],
      ['ready', true],
    ])
  })

  it('a bad frame resets the count', () => {
    let s = startReadiness(0)
    for (const [i, m] of [good, good, frame({ sharpness: 10 }), good, good].entries()) {
      const r = nextReadiness(s, m, i * 350)
      s = r.state
      expect(r.capture).toBe(false)
    }
    expect(nextReadiness(s, good, 2000).capture).toBe(true)
  })

  it('offers the manual button after 20 s, not before', () => {
    const s = startReadiness(1000)
    const bad = frame({ outline: null })
    expect(nextReadiness(s, bad, 1000 + CAPTURE_THRESHOLDS.manualAfterMs - 1).manualAllowed).toBe(
      false,
    )
    expect(nextReadiness(s, bad, 1000 + CAPTURE_THRESHOLDS.manualAfterMs).manualAllowed).toBe(true)
  })
})
