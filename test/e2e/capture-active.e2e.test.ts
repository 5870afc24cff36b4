import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { kioskJson } from '../support/cli'
import { savedJobId, stage, startUiKiosk, walkToCamera, type UiKiosk } from './kiosk-ui'

// Active liveness on: after the selfie, three challenges in random order (turn left/right, look
// up, blink, smile), 10 s each, two attempts.
describe('active liveness in Chromium with the fake camera', () => {
  let k: UiKiosk
  beforeAll(async () => {
    k = await startUiKiosk({ camera: 'still', settings: { 'capture.activeLiveness': 'true' } })
  })
  afterAll(() => k?.close())

  it('a still photo fails the challenge; the session is kept as failed and nothing is pending', async () => {
    const { page } = k
    await walkToCamera(page, { jobType: 'Enrol', userId: 'cust-e2e-photo' })
    const s = stage(page)
    await s.and(page.locator('[data-phase="challenge"]')).waitFor({ timeout: 30_000 })
    await s.and(page.locator('[data-challenge]:not([data-challenge=""])')).waitFor()
    await screenshot(page, 'liveness-challenge-en')
    await s.and(page.locator('[data-phase="retry_wait"]')).waitFor({ timeout: 30_000 })
    expect(await page.getByTestId('prompt').innerText()).toBe('That took too long.')
    await screenshot(page, 'liveness-retry-en')
    const failed = page.getByRole('heading', { name: 'We could not confirm that you are present' })
    await failed.waitFor({ timeout: 45_000 })
    await screenshot(page, 'liveness-failed-en')
    const section = page.locator('[data-liveness="failed"]')
    const jobId = /job-[0-9a-f-]+/.exec(await section.innerText())?.[0] ?? ''
    expect(jobId).not.toBe('')

    const job = k.job(jobId)
    expect(job.state).toBe('failed')
    expect(job.last_error?.code).toBe('liveness_failed')
    expect(job.metadata).toMatchObject({
      consent: { given: true },
      liveness: { active: 'failed', reason: 'timeout', attempts: 2 },
    })
    const failures = (job.metadata.liveness as { failures: { reason: string }[] }).failures
    expect(failures.map((f) => f.reason)).toEqual(['timeout', 'timeout'])
    // Evidence kept for staff (sealed like any job), but no job waits to be sent.
    expect(job.images.filter((i) => i.kind === 'selfie')).toHaveLength(1)
    expect(k.jobs().map((j) => j.state)).toEqual(['failed'])
    await page.getByRole('button', { name: 'Done' }).click()
    await page.getByRole('heading', { name: 'Welcome' }).waitFor()
  })

  it('a live person (synthetic video: turns, looks up, blinks, smiles) passes and the job is saved', async () => {
    const page = await k.openPage('liveness')
    // The number whose session failed above is still free: a failed session enrols nobody.
    await walkToCamera(page, { jobType: 'Enrol', userId: 'cust-e2e-photo' })
    const prompts = new Set<string>()
    const s = stage(page)
    const saved = savedJobId(page, 90_000)
    for (let i = 0; i < 400 && (await s.count()) > 0; i++) {
      const c = await s.getAttribute('data-challenge').catch(() => null)
      if (c) prompts.add(c)
      await page.waitForTimeout(100)
    }
    const jobId = await saved.catch((err: unknown) => {
      // Say why, when the session failed instead (each failed attempt is in the recorded job).
      const failed = k.jobs().find((j) => j.state === 'failed' && j.user_id === 'cust-e2e-photo')
      const why = failed === undefined ? null : k.job(failed.job_id).metadata.liveness
      throw new Error(`no saved job; failed session: ${JSON.stringify(why)}; ${String(err)}`)
    })
    const job = k.job(jobId)
    expect(job.state).toBe('captured')
    const live = job.metadata.liveness as {
      active: string
      challenges: string[]
      passed: { challenge: string }[]
    }
    expect(live.active).toBe('passed')
    expect(live.challenges).toHaveLength(3)
    expect(live.passed.map((p) => p.challenge)).toEqual(live.challenges)
    for (const c of live.challenges) expect(prompts).toContain(c)

    // One sync pass to the bundled sandbox: the live job goes; the failed session stays put.
    kioskJson(['sync', '--once', '--wait', '20'], { dataDir: k.dataDir })
    expect(k.job(jobId).state).not.toBe('captured')
    const failed = k.jobs().filter((j) => j.state === 'failed')
    expect(failed).toHaveLength(1)
    expect(k.job(failed[0]?.job_id ?? '').history.map((h) => h.event)).toEqual([
      'captured',
      'liveness_failed',
    ])
    const frames = job.images.filter((i) => i.kind === 'liveness').length
    expect(frames).toBeGreaterThanOrEqual(6)
    expect(frames).toBeLessThanOrEqual(8)
    expect(await page.locator('[data-check="active"]').innerText()).toMatch(
      /Active liveness \(moves\)\s+Passed/,
    )
    await screenshot(page, 'liveness-passed-review-en')
    expect(k.errors, k.errors.join('\n')).toEqual([])
  })
})
