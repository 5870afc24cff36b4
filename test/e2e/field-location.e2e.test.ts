/**
 * Location in capture metadata (field.location), in Debian's Chromium through the browser host:
 * Chromium is given a fixed position (as a GPS or the OS location service would), the customer is
 * told in the consent text, and the saved job carries the fix and `location_status`. Refused or
 * switched off, the job says so and the capture goes ahead all the same.
 */
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { screenshot } from '../support/browser'
import { kioskJson } from '../support/cli'
import { savedJobId, startUiKiosk, type UiKiosk } from './kiosk-ui'

// Dakar, as a field laptop's GPS might report it.
const DAKAR = { latitude: 14.6937, longitude: -17.4441, accuracy: 25 }

describe('location in capture metadata (Chromium, fake camera, fixed position)', () => {
  let k: UiKiosk
  const contexts: BrowserContext[] = []
  beforeAll(async () => {
    k = await startUiKiosk({
      camera: 'still',
      settings: { 'capture.activeLiveness': 'false', 'field.location': 'true' },
    })
  })
  afterAll(async () => {
    for (const c of contexts) await c.close()
    await k?.close()
  })

  /** A fresh window on the kiosk: with the position granted, or with no answer to the prompt. */
  async function openPage(grant: boolean): Promise<Page> {
    const context = await k.browser.newContext({
      viewport: { width: 1280, height: 900 },
      geolocation: DAKAR,
      permissions: grant ? ['geolocation'] : [],
    })
    contexts.push(context)
    const page = await context.newPage()
    page.on('pageerror', (e) => k.errors.push(e.message))
    await page.goto(k.url)
    await page.getByRole('heading', { name: 'Welcome' }).waitFor()
    return page
  }

  /** Enrol from the home screen to the saved review; returns the job and the consent text. */
  async function enrol(page: Page, userId: string, shot?: string) {
    await page
      .getByRole('button', { name: /^Enrol/ })
      .first()
      .click()
    await page.getByLabel('Customer number').fill(userId)
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Your photo and your consent' }).waitFor()
    const consent = await page.locator('.notice').innerText()
    const agree = await page.locator('.check__label').innerText()
    if (shot !== undefined) await screenshot(page, shot)
    await page.getByLabel(/I agree/).check()
    await page.getByRole('button', { name: 'Continue' }).click()
    const jobId = await savedJobId(page)
    return { job: k.job(jobId), consent, agree }
  }

  it('records the position with the capture when it is on, and tells the customer', async () => {
    const page = await openPage(true)
    const { job, consent, agree } = await enrol(page, 'cust-geo-1', 'field-consent-location-en')
    expect(consent).toContain('This kiosk also records where the photo is taken')
    expect(agree).toBe(
      'I agree to my photo being taken and checked, and to where it is taken being recorded, for this purpose',
    )
    expect(job.metadata).toMatchObject({
      location_status: 'ok',
      location: { ...DAKAR, source: 'geolocation', stale: false },
      consent: { given: true, notice: 'consent-v1+location' },
    })
    const loc = (job.metadata as { location: { timestamp: number; age_s: number } }).location
    // The fix was taken during this capture, seconds before the save.
    expect(Date.now() - loc.timestamp).toBeLessThan(120_000)
    expect(loc.age_s).toBeLessThan(120)
  })

  it('saves the capture without a position when the browser refuses it, and says why', async () => {
    const page = await openPage(false)
    const { job } = await enrol(page, 'cust-geo-2')
    const meta = job.metadata
    // Headless Chromium answers an ungranted request with PERMISSION_DENIED.
    expect(meta.location_status).toBe('denied')
    expect(meta).not.toHaveProperty('location')
    expect(job.state).toBe('captured')
  })

  it('asks nothing and records "off" when field.location is off', async () => {
    kioskJson(['settings', 'set', 'field.location', 'false'], { dataDir: k.dataDir })
    const page = await openPage(true)
    const { job, consent, agree } = await enrol(page, 'cust-geo-3', 'field-consent-nolocation-en')
    expect(consent).not.toContain('where the photo is taken')
    expect(agree).toBe('I agree to my photo being taken and checked for this purpose')
    const meta = job.metadata
    expect(meta.location_status).toBe('off')
    expect(meta).not.toHaveProperty('location')
    expect(meta.consent).toMatchObject({ notice: 'consent-v1' })
    expect(k.errors, k.errors.join('\n')).toEqual([])
  })
})
