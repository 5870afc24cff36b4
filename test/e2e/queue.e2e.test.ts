import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { kioskJson, startKiosk } from '../support/cli'
import { launchChromium, screenshot } from '../support/browser'
import { sharedData } from '../support/shared-data'
import { tempDir } from '../support/temp'

describe('browser host: home and queue screens in Chromium', () => {
  const dataDir = tempDir()
  let browser: Browser
  let server: Awaited<ReturnType<typeof startKiosk<{ url: string; port: number }>>>

  beforeAll(async () => {
    kioskJson(
      [
        'enrol',
        '--user-id',
        'cust-e2e',
        '--job-id',
        'job-e2e-1',
        '--selfie',
        sharedData('faces', 'fr_obama', 'fr_obama_1.jpg'),
      ],
      { dataDir },
    )
    // --no-sync: this test looks at jobs as captured; the sync loop has its own test below.
    server = await startKiosk<{ url: string; port: number }>(
      ['serve', '--port', '0', '--no-sync'],
      { dataDir },
    )
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('shows a job captured by the CLI in the queue, live through the contract', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text())
    })
    // Calls the page sends, by channel (the contract's JSON header names it in each frame).
    const sent: string[] = []
    page.on('websocket', (ws) =>
      ws.on('framesent', (f) => {
        const channel = /"channel":"([^"]+)"/.exec(String(f.payload))?.[1]
        if (channel !== undefined) sent.push(channel)
      }),
    )
    await page.goto(server.info.url)
    await expect.poll(() => page.getByRole('heading', { name: 'Welcome' }).isVisible()).toBe(true)
    // The token left the address bar once it was read.
    expect(page.url()).not.toContain('token=')
    await screenshot(page, 'home-en')

    await page.getByRole('button', { name: 'Job queue' }).first().click()
    const row = page.locator('tr[data-job-id="job-e2e-1"]')
    await row.waitFor()
    expect(await row.innerText()).toMatch(/job-e2e-1\s+cust-e2e\s+Enrolment\s+Saved/)
    await screenshot(page, 'queue-en')
    // An open screen reads its data once, not again on every re-render of the app around it
    // (the idle countdown ticks every second on every screen but home).
    const before = sent.length
    await new Promise((r) => setTimeout(r, 3_000))
    expect(sent.slice(before)).toEqual([])

    // A job captured while the page is open appears without a reload (jobs:changed event).
    kioskJson(
      [
        'auth',
        '--user-id',
        'cust-e2e',
        '--job-id',
        'job-e2e-2',
        '--selfie',
        sharedData('faces', 'fr_obama', 'fr_obama_2.jpg'),
      ],
      { dataDir },
    )
    await page.getByRole('button', { name: 'Saved' }).click()
    await page.locator('tr[data-job-id="job-e2e-2"]').waitFor()
    expect(await page.locator('tbody tr').count()).toBe(2)
    expect(errors, errors.join('\n')).toEqual([])
  })

  it('renders right-to-left in Arabic', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(server.info.url)
    await page.getByRole('button', { name: 'العربية' }).click()
    await expect.poll(() => page.locator('html').getAttribute('dir')).toBe('rtl')
    await screenshot(page, 'home-ar')
  })
})

describe('browser host with background sync (demo mode: the bundled sandbox)', () => {
  const dataDir = tempDir()
  let browser: Browser
  let server: Awaited<ReturnType<typeof startKiosk<{ url: string; port: number }>>>

  beforeAll(async () => {
    server = await startKiosk<{ url: string; port: number }>(['serve', '--port', '0'], { dataDir })
    browser = await launchChromium()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.stop()
  })

  it('a job captured while the kiosk runs is synced and its result shows in the queue', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
    await page.goto(server.info.url)
    await page.getByRole('button', { name: 'Job queue' }).first().click()
    kioskJson(
      [
        'enrol',
        '--user-id',
        'cust-sync',
        '--job-id',
        'job-sync-1',
        '--selfie',
        sharedData('faces', 'df_C', 'df_C_img13.jpg'),
        '--meta',
        'sandbox_result=0',
      ],
      { dataDir },
    )
    const row = page.locator('tr[data-job-id="job-sync-1"]')
    await row.waitFor()
    await expect.poll(() => row.innerText(), { timeout: 60_000, interval: 500 }).toMatch(/Complete/)
    await screenshot(page, 'queue-synced-en')
  })
})
