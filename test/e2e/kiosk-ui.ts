/**
 * Shared steps for the kiosk UI end-to-end tests: a real `kiosk serve` on a fresh data folder,
 * Debian's Chromium with the fake camera, and the flow's screens driven as a person would (by
 * role and label, with the keyboard where the test is about the keyboard).
 */
import type { Browser, Page } from 'playwright-core'
import { expect } from 'vitest'
import type { JobDetail } from '../../electron/shared/domain/job'
import { launchChromium, screenshot } from '../support/browser'
import { kioskJson, startKiosk } from '../support/cli'
import { fakeCamera, type FakeCameraKind } from '../support/fake-camera'
import { tempDir } from '../support/temp'

export interface UiKiosk {
  dataDir: string
  url: string
  browser: Browser
  page: Page
  /** Page errors and console errors seen so far (CSP violations show up here). */
  errors: string[]
  /** Another Chromium on the same kiosk with another camera file (a different photo, say). */
  openPage: (camera: FakeCameraKind, face?: string[]) => Promise<Page>
  job: (jobId: string) => JobDetail
  jobs: () => { job_id: string; state: string; user_id: string; job_type: number }[]
  close: () => Promise<void>
}

export async function startUiKiosk(opts: {
  camera: FakeCameraKind
  settings?: Record<string, string>
}): Promise<UiKiosk> {
  // No background sync: these tests look at jobs as the screens leave them (`kiosk sync` is
  // run explicitly where a test is about what sync does with them).
  const dataDir = tempDir('kiosk-e2e-')
  const settings = {
    'capture.document': 'off',
    'camera.width': '640',
    'camera.height': '480',
    ...opts.settings,
  }
  for (const [k, v] of Object.entries(settings)) kioskJson(['settings', 'set', k, v], { dataDir })
  const camera = await fakeCamera(opts.camera)
  const server = await startKiosk<{ url: string }>(['serve', '--port', '0', '--no-sync'], {
    dataDir,
  })
  const errors: string[] = []
  const browsers: Browser[] = []
  const open = async (file: string): Promise<{ browser: Browser; page: Page }> => {
    const browser = await launchChromium({ fakeCamera: file })
    browsers.push(browser)
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      // MediaPipe's wasm logs its own start-up (glog lines, "INFO: … XNNPACK") at error level.
      // It also posts usage telemetry to odml.pa.googleapis.com once a minute; the kiosk's CSP
      // (connect-src 'self') refuses it, which Chromium reports here: that refusal is expected.
      const text = m.text()
      const theirs = /^(INFO: |[IWE]\d{4} )|GL Driver|WebGL|https:\/\/odml\.pa\.googleapis\.com\//
      if (m.type() === 'error' && !theirs.test(text)) errors.push(text)
    })
    await page.goto(server.info.url)
    await page.getByRole('heading', { name: 'Welcome' }).waitFor()
    return { browser, page }
  }
  const { browser, page } = await open(camera)
  return {
    openPage: async (kind, face) => (await open(await fakeCamera(kind, face))).page,
    dataDir,
    url: server.info.url,
    browser,
    page,
    errors,
    job: (jobId) => kioskJson<JobDetail>(['jobs', 'show', jobId], { dataDir }),
    jobs: () => kioskJson(['jobs', 'list'], { dataDir }),
    close: async () => {
      for (const b of browsers) await b.close()
      await server.stop()
    },
  }
}

/** Home → (type) → customer number → consent, ending on the camera screen. */
export async function walkToCamera(
  page: Page,
  o: { jobType: 'Enrol' | 'Authenticate'; userId: string; shots?: string },
): Promise<void> {
  await page
    .getByRole('button', { name: new RegExp(`^${o.jobType}`) })
    .first()
    .click()
  await page.getByLabel('Customer number').fill(o.userId)
  if (o.shots) await screenshot(page, `${o.shots}-identify`)
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.getByRole('heading', { name: 'Your photo and your consent' }).waitFor()
  if (o.shots) await screenshot(page, `${o.shots}-consent`)
  await page.getByLabel(/I agree/).check()
  await page.getByRole('button', { name: 'Continue' }).click()
  await page.locator('.stage').waitFor()
}

/** Waits for the saved review screen and returns the job id it shows. */
export async function savedJobId(page: Page, timeout = 60_000): Promise<string> {
  const review = page.locator('section[data-job-id]')
  await review.waitFor({ timeout })
  const id = await review.getAttribute('data-job-id')
  expect(id).toMatch(/^job-/)
  return id ?? ''
}

export const stage = (page: Page) => page.locator('.stage')

/**
 * Every visible control smaller than 48×48 CSS px (WCAG 2.5.5 target size; the kiosk's rule).
 * Inline links inside text are exempt by WCAG; the kiosk has none.
 */
export async function smallTargets(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = []
    for (const el of document.querySelectorAll('button, a[href], input, select, textarea, [role="button"], label.btn')) {
      if (el.type === 'file' || el.closest('.visually-hidden')) continue
      const r = el.getBoundingClientRect()
      const style = getComputedStyle(el)
      if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || r.bottom < 0) continue
      if (r.width < 48 || r.height < 48) out.push(el.tagName + ' "' + (el.innerText || el.getAttribute('aria-label') || el.name || '').trim() + '" ' + Math.round(r.width) + 'x' + Math.round(r.height))
    }
    return out
  })()`)
}

/** Controls a screen reader would announce without a name. */
export async function unnamedControls(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const out = []
    for (const el of document.querySelectorAll('button, input, select, img, [role="img"]')) {
      if (el.type === 'file' || el.type === 'hidden') continue
      const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.getAttribute('alt') ||
        (el.id && document.querySelector('label[for="' + el.id + '"]')) || (el.innerText || '').trim()
      if (!labelled && el.getAttribute('aria-hidden') !== 'true') out.push(el.outerHTML.slice(0, 80))
    }
    return out
  })()`)
}
