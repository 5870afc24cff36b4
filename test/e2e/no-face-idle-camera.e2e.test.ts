import { chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CHROMIUM, screenshot } from '../support/browser'
import { kioskJson } from '../support/cli'
import { fakeCamera } from '../support/fake-camera'
import { stage, startUiKiosk, walkToCamera, type UiKiosk } from './kiosk-ui'

describe('nobody in front of the camera, the idle wipe, and a blocked camera', () => {
  let k: UiKiosk
  beforeAll(async () => {
    // The shortest idle timeout the settings allow, so the wipe happens within the test.
    k = await startUiKiosk({
      camera: 'no_face',
      settings: { 'capture.activeLiveness': 'true', 'ui.idleTimeoutSec': '15' },
    })
  })
  afterAll(() => k?.close())

  it('an empty scene gets "place your face" guidance, captures nothing, and is wiped when idle', async () => {
    const { page } = k
    await walkToCamera(page, { jobType: 'Enrol', userId: 'cust-e2e-nobody' })
    const s = stage(page)
    await s
      .and(page.locator('[data-camera="live"][data-delegate="CPU"]'))
      .waitFor({ timeout: 30_000 })
    // Several seconds of frames, all judged "no face", and no capture.
    for (let i = 0; i < 5; i++) {
      await page.waitForTimeout(1000)
      expect(await s.getAttribute('data-hint')).toBe('no_face')
      expect(await s.getAttribute('data-phase')).toBe('guide')
    }
    expect(Number(await s.getAttribute('data-frames'))).toBeGreaterThan(50)
    expect(await page.getByTestId('prompt').innerText()).toBe('Place your face in the oval')
    expect(await page.getByRole('status').first().getAttribute('aria-live')).toBe('polite')
    await screenshot(page, 'capture-no-face-en')

    // No touch, no face: "Are you still there?" 10 s before the end, then back to the start.
    const warning = page.getByRole('alertdialog', { name: 'Are you still there?' })
    await warning.waitFor({ timeout: 20_000 })
    await screenshot(page, 'idle-warning-en')
    await page.getByRole('heading', { name: 'Welcome' }).waitFor({ timeout: 20_000 })
    expect(await page.locator('.stage').count()).toBe(0)
    expect(k.jobs()).toEqual([])
    // The wipe also forgets what was typed: a new capture starts empty.
    await page
      .getByRole('button', { name: /^Enrol/ })
      .first()
      .click()
    expect(await page.getByLabel('Customer number').inputValue()).toBe('')
    await page.getByRole('button', { name: 'Back' }).click()
  })

  it('a touch during the warning keeps the customer where they were', async () => {
    const { page } = k
    await walkToCamera(page, { jobType: 'Enrol', userId: 'cust-e2e-stays' })
    const warning = page.getByRole('alertdialog', { name: 'Are you still there?' })
    await warning.waitFor({ timeout: 20_000 })
    await page.getByRole('button', { name: 'I’m still here' }).click()
    await warning.waitFor({ state: 'hidden' })
    expect(await page.locator('.stage').count()).toBe(1)
    await page.getByRole('button', { name: 'Cancel' }).click()
    expect(k.errors, k.errors.join('\n')).toEqual([])
  })

  it('when the kiosk may not take captures (e.g. disk nearly full) it says so before anyone starts', async () => {
    const { page, dataDir } = k
    kioskJson(['settings', 'set', 'thresholds.minFreeDiskMb', '99999999'], { dataDir })
    try {
      await page
        .getByRole('button', { name: /^Enrol/ })
        .first()
        .click()
      await page.getByRole('heading', { name: 'New captures are paused on this kiosk' }).waitFor()
      expect(await page.getByTestId('paused-reason').innerText()).toMatch(/disk|space|MB/i)
      await screenshot(page, 'capture-paused-en')
      await page.getByRole('button', { name: 'Done' }).click()
      await page.getByRole('heading', { name: 'Welcome' }).waitFor()
    } finally {
      kioskJson(['settings', 'set', 'thresholds.minFreeDiskMb', '500'], { dataDir })
    }
  })

  it('a blocked camera says what staff must do, and works once access is allowed', async () => {
    // No --use-fake-ui-for-media-stream: Chromium refuses the camera unless the context allows it.
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--use-fake-device-for-media-stream',
        `--use-file-for-fake-video-capture=${await fakeCamera('still')}`,
      ],
    })
    try {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } })
      const page = await context.newPage()
      await page.goto(k.url)
      await walkToCamera(page, { jobType: 'Enrol', userId: 'cust-e2e-blocked' })
      const problem = page.locator('[data-problem="denied"]')
      await problem.waitFor()
      expect(await problem.innerText()).toMatch(
        /The camera is blocked\.\s+Staff: allow camera access/,
      )
      await screenshot(page, 'camera-denied-en')
      await context.grantPermissions(['camera'])
      await problem.getByRole('button', { name: 'Try again' }).click()
      await stage(page).and(page.locator('[data-camera="live"]')).waitFor({ timeout: 30_000 })
      await stage(page).and(page.locator('[data-hint="ok"]')).waitFor({ timeout: 30_000 })
    } finally {
      await browser.close()
    }
  })
})
