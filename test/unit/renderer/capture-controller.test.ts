/**
 * The capture controller with a frame grab that fails: the failure reaches whoever asks for the
 * result (the screen shows "The photo could not be taken" with Try again), and never escapes as an
 * unhandled rejection in between — the browser reports those as page errors, whatever happens next.
 */
import { describe, expect, it } from 'vitest'
import { CaptureController } from '../../../renderer/src/features/liveness/capture-controller'
import { SELFIE_PX } from '../../../renderer/src/features/capture/frame-grab'
import type { FrameObservation } from '../../../electron/shared/liveness/observation'

/** One still, well-lit, centred face every 33 ms for 3 s: auto-capture takes the selfie. */
const goodFrames: FrameObservation[] = Array.from({ length: 90 }, (_, i) => ({
  t: i * 33,
  brightness: 120,
  faces: [
    {
      box: { x: 0.35, y: 0.25, width: 0.3, height: 0.4 },
      yawDeg: 2,
      pitchDeg: -5,
      rollDeg: 0,
      eyeOpenness: 0.3,
      blink: 0.05,
      smile: 0.05,
      signature: Array.from({ length: 91 }, () => 1),
    },
  ],
}))

const source = {} // stands in for the video element
const tick = () => new Promise((r) => setTimeout(r, 20))

function passiveWith(grab: (px: number) => Promise<Uint8Array>) {
  const c = new CaptureController<object>({
    active: false,
    random: Math.random,
    grab: (_, px) => grab(px),
  })
  for (const f of goodFrames) {
    if (c.frame(f, source).phase === 'passed') break
  }
  return c
}

describe('a capture whose frame grab fails', () => {
  it('hands the failure to result(), even when it came long before anyone asked', async () => {
    const c = passiveWith((px) =>
      px === SELFIE_PX
        ? Promise.reject(new Error('frame grab failed'))
        : Promise.resolve(new Uint8Array(8).fill(7)),
    )
    expect(c.view().phase).toBe('passed')
    await tick() // the rejection has settled; vitest fails the run on an unhandled one
    await expect(c.result()).rejects.toThrow('frame grab failed')
    c.dispose()
  })

  it('drops failed liveness frames without an unhandled rejection, and still wipes good ones', async () => {
    const good: Uint8Array[] = []
    let n = 0
    const c = passiveWith(() => {
      if (n++ % 2 === 1) return Promise.reject(new Error('frame grab failed'))
      const b = new Uint8Array(8).fill(7)
      good.push(b)
      return Promise.resolve(b)
    })
    await tick()
    c.dispose()
    await tick()
    expect(good.length).toBeGreaterThan(0)
    for (const b of good) expect([...b]).toEqual(new Array(8).fill(0))
  })
})
