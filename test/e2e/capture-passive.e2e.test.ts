import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { savedJobId, stage, startUiKiosk, walkToCamera, type UiKiosk } from './kiosk-ui'

// Passive liveness only (capture.activeLiveness = false): a person holding still in front of the
// camera is enough; the selfie and 6–8 frames are taken automatically once the picture is good.
describe('enrol and authenticate with active liveness off (Chromium, fake camera)', () => {
  let k: UiKiosk
  beforeAll(async () => {
    k = await startUiKiosk({ camera: 'still', settings: { 'capture.activeLiveness': 'false' } })
  })
  afterAll(() => k?.close())

  it('enrols a new customer: guidance, auto-capture, checks in plain words, receipt with QR', async () => {
    const { page } = k
    await screenshot(page, 'flow-home-staff-en')
    await walkToCamera(page, { jobType: 'Enrol', userId: 'cust-e2e-100', shots: 'enrol' })
    await stage(page).and(page.locator('[data-hint="ok"]')).waitFor()
    await screenshot(page, 'enrol-camera-en')
    const jobId = await savedJobId(page)
    await screenshot(page, 'enrol-review-en')
    const checks = page.locator('.checks')
    await expect.poll(() => checks.locator('[data-check="quality"]').count()).toBe(1)
    expect(await checks.locator('[data-check="active_off"]').innerText()).toMatch(
      /Active liveness: off/,
    )

    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Your receipt' }).waitFor()
    expect(await page.getByTestId('receipt-job-id').innerText()).toBe(jobId)
    const qr = page.getByRole('img', { name: `QR code of reference ${jobId}` })
    expect(await qr.getAttribute('data-qr')).toBe(jobId)
    expect((await qr.boundingBox())?.width).toBeGreaterThanOrEqual(150)
    await screenshot(page, 'enrol-receipt-en')
    await page.getByRole('button', { name: 'Done' }).click()
    await page.getByRole('heading', { name: 'Welcome' }).waitFor()

    const job = k.job(jobId)
    expect(job).toMatchObject({ job_type: 4, user_id: 'cust-e2e-100', state: 'captured' })
    const kinds = job.images.map((i) => i.kind)
    expect(kinds.filter((x) => x === 'selfie')).toHaveLength(1)
    const frames = kinds.filter((x) => x === 'liveness').length
    expect(frames).toBeGreaterThanOrEqual(6)
    expect(frames).toBeLessThanOrEqual(8)
    const selfie = job.images.find((i) => i.kind === 'selfie')
    expect(Math.max(selfie?.width ?? 0, selfie?.height ?? 0)).toBe(640)
    const frame = job.images.find((i) => i.kind === 'liveness')
    expect(Math.max(frame?.width ?? 0, frame?.height ?? 0)).toBe(320)
    expect(job.metadata).toMatchObject({
      consent: { given: true, notice: 'consent-v1', language: 'en' },
      liveness: { active: 'off' },
    })
    expect(job.local_checks).toMatchObject({ face: { quality: { decision: 'PASSED' } } })
  })

  it('says plainly that an enrolled customer number cannot be enrolled again', async () => {
    const { page } = k
    await page
      .getByRole('button', { name: /^Enrol/ })
      .first()
      .click()
    await page.getByLabel('Customer number').fill('cust-e2e-100')
    await page.getByRole('button', { name: 'Continue' }).click()
    const msg = page.locator('[data-verdict="taken"]')
    await msg.waitFor()
    expect(await msg.innerText()).toMatch(/already enrolled on this kiosk/)
    await screenshot(page, 'enrol-taken-en')
    // A number with characters the backend refuses is stopped before any lookup.
    await page.getByLabel('Customer number').fill('cust 100!')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.locator('[data-verdict="invalid"]').waitFor()
    await page.getByRole('button', { name: 'Back' }).click()
    await page.getByRole('heading', { name: 'Welcome' }).waitFor()
  })

  it('authenticates the enrolled customer, and the queue shows both jobs with their checks', async () => {
    const { page } = k
    // An unknown number: staff are told, and may continue for a customer enrolled elsewhere.
    await page
      .getByRole('button', { name: /^Authenticate/ })
      .first()
      .click()
    await page.getByLabel('Customer number').fill('cust-e2e-unknown')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.locator('[data-verdict="unknown_here"]').waitFor()
    await screenshot(page, 'auth-unknown-en')
    await page.getByRole('button', { name: 'Back' }).click()

    // The same customer, another photo of her (a different moment, as at a second visit).
    const other = await k.openPage('still', ['faces', 'fr_rose_leslie', 'fr_rose_leslie_2.jpg'])
    await walkToCamera(other, { jobType: 'Authenticate', userId: 'cust-e2e-100' })
    const jobId = await savedJobId(other)
    await screenshot(other, 'auth-review-en')
    const job = k.job(jobId)
    expect(job).toMatchObject({ job_type: 2, user_id: 'cust-e2e-100', state: 'captured' })
    // The face engine compared the selfie with the face enrolled a moment ago: the same person.
    expect(job.local_checks).toMatchObject({
      face: { enrolledMatch: { decision: 'PASSED', match: true } },
    })
    expect(await other.locator('[data-check="enrolled"]').innerText()).toMatch(
      /Same person as enrolled\s+Passed/,
    )

    // The enrolment photo itself shown again (a replay): the review says it did not pass.
    await walkToCamera(page, { jobType: 'Authenticate', userId: 'cust-e2e-100' })
    const replayId = await savedJobId(page)
    expect(await page.locator('[data-check="enrolled"]').innerText()).toMatch(
      /Same person as enrolled\s+Not passed/,
    )
    expect(await page.locator('[data-warning="FACE_IDENTICAL"]').count()).toBe(1)
    await screenshot(page, 'auth-replay-review-en')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Done' }).click()
    expect(replayId).not.toBe(jobId)

    await page.getByRole('button', { name: 'Job queue' }).first().click()
    for (const j of k.jobs()) {
      const row = page.locator(`tr[data-job-id="${j.job_id}"]`)
      await row.waitFor()
      expect(await row.innerText()).toMatch(/cust-e2e-100\s+(Enrolment|Authentication)\s+Saved/)
    }
    await screenshot(page, 'console-queue-en')
    await page.getByRole('button', { name: `Details of job ${jobId}` }).click()
    await page.getByRole('heading', { name: `Job ${jobId}` }).waitFor()
    const detail = page.locator('.detail')
    await detail.locator('[data-check="enrolled"][data-decision="PASSED"]').waitFor()
    expect(await detail.innerText()).toMatch(/Same person as enrolled\s+Passed/)
    await screenshot(page, 'console-detail-en')
    expect(k.errors, k.errors.join('\n')).toEqual([])
  })

  it('offers Try again when the photo cannot be taken, and the next attempt saves the job', async () => {
    const page = await k.openPage('still')
    // The selfie (640 px) fails once to encode, as a failed frame grab would.
    await page.evaluate(() => {
      // Called below with the canvas as `this`, as the browser would.
      // eslint-disable-next-line @typescript-eslint/unbound-method
      const encode = OffscreenCanvas.prototype.convertToBlob
      let failed = false
      OffscreenCanvas.prototype.convertToBlob = function (this: OffscreenCanvas, o) {
        if (failed || this.width !== 640) return encode.call(this, o)
        failed = true
        return Promise.reject(new Error('frame grab failed (test)'))
      }
    })
    await walkToCamera(page, { jobType: 'Enrol', userId: 'cust-e2e-101' })
    const problem = page.locator('[data-problem="photo_failed"]')
    await problem.waitFor()
    expect(await problem.innerText()).toMatch(/The photo could not be taken/)
    await problem.getByRole('button', { name: 'Try again' }).click()
    const jobId = await savedJobId(page)
    expect(k.job(jobId)).toMatchObject({ user_id: 'cust-e2e-101', state: 'captured' })
    expect(k.errors, k.errors.join('\n')).toEqual([])
  })
})
