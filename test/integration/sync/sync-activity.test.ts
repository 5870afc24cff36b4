import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tempDir } from '../../support/temp'
import { harness, type Harness } from './harness'

// The update policy never restarts the app mid-upload: sync reports the jobs it is working on.
describe('sync marks its work in flight for the update policy', () => {
  let h: Harness

  beforeAll(async () => {
    h = await harness(tempDir(), { faults: { latencyMs: 400 } })
  })
  afterAll(async () => {
    await h.close()
  })

  it('counts an upload in flight while a job is worked on, and none once the pass ends', async () => {
    await h.capture('job-busy-1', 'u-busy', { sandboxResult: '0' })
    const seen: number[] = []
    const sample = setInterval(() => seen.push(h.core.activity.snapshot().uploadsInFlight), 50)
    await h.run()
    clearInterval(sample)
    expect(h.job('job-busy-1').state).toBe('complete')
    expect(Math.max(...seen)).toBeGreaterThan(0)
    expect(h.core.activity.snapshot().uploadsInFlight).toBe(0)
  })
})
