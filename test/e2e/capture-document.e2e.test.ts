import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { sharedData } from '../support/shared-data'
import { savedJobId, stage, startUiKiosk, type UiKiosk } from './kiosk-ui'

// capture.document = optional: the customer number can come from the document's MRZ, and the
// document (from the camera, or a scanner's file as here) goes into the enrolment job.
describe('ID document in the enrol flow (scanner file, MRZ read by the core)', () => {
  let k: UiKiosk
  beforeAll(async () => {
    k = await startUiKiosk({
      camera: 'still',
      settings: { 'capture.activeLiveness': 'false', 'capture.document': 'optional' },
    })
  })
  afterAll(() => k?.close())

  it('fills the customer number from the MRZ and saves the document with the job', async () => {
    const { page } = k
    await page
      .getByRole('button', { name: /^Enrol/ })
      .first()
      .click()
    await page.getByRole('button', { name: 'Scan the ID document instead of typing' }).click()
    await page
      .getByLabel('Choose the front side')
      .setInputFiles(sharedData('mrz', 'pe_passport-td3.jpg'))
    await page.getByRole('button', { name: 'Read the document' }).click()
    const result = page.locator('[data-mrz]')
    await result.waitFor({ timeout: 60_000 })
    expect(await result.getAttribute('data-mrz')).toBe('valid')
    expect(await page.getByTestId('mrz-number').innerText()).toBe('L898902C3')
    await screenshot(page, 'document-read-en')
    await page.getByRole('button', { name: 'Use this document' }).click()
    expect(await page.getByLabel('Customer number').inputValue()).toBe('L898902C3')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByLabel(/I agree/).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await stage(page).waitFor()
    // The document was given at the start, so the flow does not ask for it again.
    const jobId = await savedJobId(page)
    expect(await page.getByText('ID document added.').count()).toBe(1)
    const job = k.job(jobId)
    expect(job.user_id).toBe('L898902C3')
    expect(job.images.map((i) => i.kind)).toContain('id_front')
    expect(job.metadata).toMatchObject({ capture: { document: { source: 'upload', mrz: true } } })
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('button', { name: 'Done' }).click()
  })

  it('asks for the document after the photo when it was not scanned, and it may be skipped', async () => {
    const { page } = k
    await page
      .getByRole('button', { name: /^Enrol/ })
      .first()
      .click()
    await page.getByLabel('Customer number').fill('cust-doc-2')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByLabel(/I agree/).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Your ID document' }).waitFor({ timeout: 30_000 })
    await screenshot(page, 'document-step-en')
    await page.getByRole('button', { name: 'Skip' }).click()
    const jobId = await savedJobId(page)
    expect(k.job(jobId).images.map((i) => i.kind)).not.toContain('id_front')
    expect(k.errors, k.errors.join('\n')).toEqual([])
  })
})
