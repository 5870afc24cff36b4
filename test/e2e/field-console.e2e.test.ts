/**
 * Field mode through the screens, in Debian's Chromium: a laptop whose backlog nears and then hits
 * field.maxBacklog says so on the home screen before anyone starts; its staff export the jobs to a
 * "USB stick" folder from the console's field screen; a branch machine imports that bundle through
 * its own console and shows every job's fate; a second import of the same file is refused with the
 * core's one-line reason. Two real `kiosk serve` processes on two data folders, keys exchanged with
 * the real CLI as an operator would.
 */
import { mkdirSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { showFingerprint } from '../../electron/shared/field/bundle-header.policy'
import { launchChromium, screenshot } from '../support/browser'
import { kioskJson, startKiosk } from '../support/cli'
import { rendererI18n, type Lang } from '../support/renderer-i18n'
import { sharedData } from '../support/shared-data'
import { tempDir } from '../support/temp'
import { smallTargets, unnamedControls } from './kiosk-ui'

const { MESSAGES } = await rendererI18n()
const tr = (lang: Lang, key: string): string => MESSAGES[lang][key] ?? key

const root = tempDir('kiosk-e2e-field-')
const laptop = join(root, 'laptop')
const branch = join(root, 'branch')
const usb = join(root, 'usb')
const FACES = [
  ['fr_obama', 'fr_obama_1.jpg'],
  ['fr_rose_leslie', 'fr_rose_leslie_1.jpg'],
  ['df_C', 'df_C_img13.jpg'],
  ['fr_obama', 'fr_obama_2.jpg'],
] as const

function enrol(n: number): string {
  const jobId = `job-field-ui-${n}`
  const face = FACES[(n - 1) % FACES.length] ?? FACES[0]
  kioskJson(
    [
      'enrol',
      '--user-id',
      `cust-field-${n}`,
      '--job-id',
      jobId,
      '--selfie',
      sharedData('faces', ...face),
    ],
    { dataDir: laptop },
  )
  return jobId
}

type Server = Awaited<ReturnType<typeof startKiosk<{ url: string }>>>
let browser: Browser
const servers: Server[] = []
const errors: string[] = []
let laptopKey: { fingerprint: string }

async function openKiosk(dataDir: string): Promise<Page> {
  const server = await startKiosk<{ url: string }>(['serve', '--port', '0', '--no-sync'], {
    dataDir,
  })
  servers.push(server)
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text())
  })
  await page.goto(server.info.url)
  await page.getByRole('heading', { name: 'Welcome' }).waitFor()
  return page
}

async function accessible(page: Page, where: string) {
  expect(await smallTargets(page), where).toEqual([])
  expect(await unnamedControls(page), where).toEqual([])
}

const openField = async (page: Page, lang: Lang = 'en') => {
  await page
    .getByRole('button', { name: tr(lang, 'nav.queue') })
    .first()
    .click()
  await page.getByRole('button', { name: tr(lang, 'console.field'), exact: true }).click()
  await page.getByTestId('field-status').waitFor()
}

beforeAll(async () => {
  mkdirSync(usb)
  // Keys as staff exchange them: through files on the stick (see docs/field.md).
  laptopKey = kioskJson(['field', 'device-key', '--out', join(usb, 'laptop.pub')], {
    dataDir: laptop,
  })
  kioskJson(['field', 'recipient', 'init', '--out', join(usb, 'branch.pub')], { dataDir: branch })
  kioskJson(['field', 'recipient', 'set', join(usb, 'branch.pub')], { dataDir: laptop })
  kioskJson(['field', 'trust-device', 'laptop-07', join(usb, 'laptop.pub')], { dataDir: branch })
  kioskJson(['settings', 'set', 'field.maxBacklog', '4'], { dataDir: laptop })
  for (const n of [1, 2, 3]) enrol(n)
  browser = await launchChromium()
})
afterAll(async () => {
  await browser?.close()
  for (const s of servers) await s.stop()
})

describe('field mode in the kiosk UI (two machines, one USB folder)', () => {
  let laptopPage: Page
  let branchPage: Page
  let bundle = ''

  it('warns on the home screen when the backlog nears its limit, and refuses before Start once it is full', async () => {
    laptopPage = await openKiosk(laptop)
    const page = laptopPage
    // 3 of at most 4 jobs wait: a warning, no refusal.
    const warnings = page.getByTestId('guard-warnings')
    await warnings.waitFor()
    expect(await warnings.locator('[data-guard="backlog_near"]').innerText()).toBe(
      '3 jobs wait for the backend; at 4 new captures stop (1 more). Sync, or export them to USB, soon.',
    )
    expect(await page.getByTestId('guard-refusals').count()).toBe(0)
    expect(await page.getByTestId('guard-summary').innerText()).toMatch(
      /^Waiting for the backend: 3 \(limit 4\) · on USB, not yet confirmed: 0 · last sync: never$/,
    )
    await screenshot(page, 'field-home-warning-en')
    await accessible(page, 'home with guard warnings')

    // A fourth job saved elsewhere (the CLI here): staff check again and see the refusal.
    enrol(4)
    await page.getByRole('button', { name: 'Check again' }).click()
    const refusal = page.getByTestId('guard-refusals')
    await refusal.waitFor()
    expect(await refusal.getByRole('heading').innerText()).toBe(
      'New captures are refused on this kiosk',
    )
    const reason = await refusal.locator('[data-guard="backlog_full"]').innerText()
    expect(reason).toMatch(
      /^4 jobs are waiting for the backend and this kiosk may hold at most 4 unsent \(field.maxBacklog\)/,
    )
    await screenshot(page, 'field-home-refused-en')

    // Start still asks the core, which answers with the same reason: nothing is captured.
    await page
      .getByRole('button', { name: /^Enrol/ })
      .first()
      .click()
    await page.getByRole('heading', { name: 'New captures are paused on this kiosk' }).waitFor()
    expect(await page.getByTestId('paused-reason').innerText()).toBe(reason)
    await page.getByRole('button', { name: 'Done' }).click()
    await page.getByRole('heading', { name: 'Welcome' }).waitFor()
  })

  it('shows field status and exports the jobs to a folder, with the core’s words for a bad folder', async () => {
    const page = laptopPage
    await page.getByRole('button', { name: 'Field mode' }).click()
    await page.getByTestId('field-status').waitFor()
    expect(await page.getByTestId('field-device-key').innerText()).toBe(
      showFingerprint(laptopKey.fingerprint),
    )
    expect(await page.getByTestId('field-backlog').innerText()).toBe('4 / 4')
    expect(await page.getByTestId('field-exports').innerText()).toBe('0')

    const form = page.getByTestId('field-export-form')
    await form.getByLabel('Folder (for example the USB stick)').fill(join(root, 'no-stick'))
    await form.getByRole('button', { name: 'Export' }).click()
    const error = page.getByTestId('field-export-error')
    await error.waitFor()
    expect(await error.innerText()).toMatch(
      /no-stick is not a folder \(is the USB stick mounted\?\)$/,
    )
    expect(await error.innerText()).not.toContain('\n')

    await form.getByLabel('Folder (for example the USB stick)').fill(usb)
    await form.getByRole('button', { name: 'Export' }).click()
    const result = page.getByTestId('field-export-result')
    await result.waitFor()
    expect(await page.getByTestId('field-export-error').count()).toBe(0)
    expect(await result.innerText()).toMatch(/^4 jobs \(4 images, [\d.]+ (kB|MB)\) written to:/)
    bundle = await page.getByTestId('field-export-file').innerText()
    expect(readdirSync(usb).filter((f) => f.endsWith('.kbundle'))).toEqual([
      bundle.slice(usb.length + 1),
    ])
    // The status follows: one bundle out, its jobs no longer count against the backlog.
    await expect.poll(() => page.getByTestId('field-exports').innerText()).toMatch(/^1\b/)
    expect(await page.getByTestId('field-backlog').innerText()).toBe('0 / 4')
    expect(await page.getByTestId('field-exported-unsent').innerText()).toBe('4')
    await screenshot(page, 'field-export-en')
    await accessible(page, 'field screen after export')

    // Home again: nothing refuses a capture any more.
    await page.getByRole('button', { name: 'Home' }).click()
    await page.getByRole('heading', { name: 'Welcome' }).waitFor()
    await expect.poll(() => page.locator('.readiness').count()).toBe(0)
  })

  it('imports the bundle on the branch machine and lists every job’s fate', async () => {
    branchPage = await openKiosk(branch)
    const page = branchPage
    await openField(page)
    const form = page.getByTestId('field-import-form')
    await form.getByLabel('Bundle file (.kbundle)').fill(bundle)
    await form.getByRole('button', { name: 'Import' }).click()
    const report = page.getByTestId('field-import-report')
    await report.waitFor()
    expect(await page.getByTestId('field-import-summary').innerText()).toMatch(
      /^Bundle from laptop-07, made .+: 4 imported, 0 already here, 0 in conflict\.$/,
    )
    for (const n of [1, 2, 3, 4]) {
      const row = report.locator(`tr[data-job-id="job-field-ui-${n}"]`)
      expect(await row.getAttribute('data-fate')).toBe('imported')
      expect(await row.innerText()).toMatch(
        new RegExp(
          `job-field-ui-${n}\\s+cust-field-${n}\\s+Enrolment\\s+.+\\s+Imported\\s+queued for sync`,
        ),
      )
    }
    await expect.poll(() => page.getByTestId('field-imports').innerText()).toMatch(/^1\b/)
    await screenshot(page, 'field-import-en')
    await accessible(page, 'field screen with an import report')
    // Queued on the branch machine under the laptop's job ids.
    const jobs = kioskJson<{ job_id: string; state: string }[]>(['jobs', 'list'], {
      dataDir: branch,
    })
    expect(jobs.map((j) => [j.job_id, j.state]).sort()).toEqual(
      [1, 2, 3, 4].map((n) => [`job-field-ui-${n}`, 'captured']),
    )

    // The same file again: refused whole, with the core's one line, and nothing more queued.
    await form.getByRole('button', { name: 'Import' }).click()
    const error = page.getByTestId('field-import-error')
    await error.waitFor()
    expect(await error.innerText()).toMatch(
      /^import refused: this bundle \(\w+ from laptop-07\) was already imported here at .+; nothing was queued again$/,
    )
    expect(await page.getByTestId('field-import-report').count()).toBe(0)
    expect(kioskJson<unknown[]>(['jobs', 'list'], { dataDir: branch })).toHaveLength(4)
    await screenshot(page, 'field-import-refused-en')
  })

  it('works in French and, right to left, in Arabic: a re-export finds every job already there', async () => {
    // Laptop, in French: the same jobs written again on purpose ("include already exported").
    await laptopPage.getByRole('button', { name: 'Français', exact: true }).click()
    await openField(laptopPage, 'fr')
    const form = laptopPage.getByTestId('field-export-form')
    await form.getByLabel(tr('fr', 'field.export.to')).fill(usb)
    await form.getByLabel(tr('fr', 'field.export.again')).check()
    await form.getByRole('button', { name: tr('fr', 'field.export.run') }).click()
    await laptopPage.getByTestId('field-export-result').waitFor()
    expect(await laptopPage.getByTestId('field-export-result').innerText()).toMatch(
      /^4 dossiers \(4 images, [\d,]+\s(ko|Mo)\) écrits dans :/,
    )
    const again = await laptopPage.getByTestId('field-export-file').innerText()
    expect(again).not.toBe(bundle)
    await screenshot(laptopPage, 'field-export-fr')
    await accessible(laptopPage, 'field screen fr')

    // Branch, in Arabic: imported, every job already here.
    const page = branchPage
    await page.getByRole('button', { name: 'العربية', exact: true }).click()
    await expect.poll(() => page.evaluate('document.documentElement.dir')).toBe('rtl')
    const form2 = page.getByTestId('field-import-form')
    await form2.getByLabel(tr('ar', 'field.import.file')).fill(again)
    await form2.getByRole('button', { name: tr('ar', 'field.import.run') }).click()
    const report = page.getByTestId('field-import-report')
    await report.waitFor()
    expect(await report.locator('tr[data-fate="already_here"]').count()).toBe(4)
    expect(await report.locator('tbody tr').first().innerText()).toContain(
      tr('ar', 'field.fate.already_here'),
    )
    // Paths and ids stay left-to-right inside the right-to-left page.
    expect(await form2.getByLabel(tr('ar', 'field.import.file')).getAttribute('dir')).toBe('ltr')
    await screenshot(page, 'field-import-ar')
    await accessible(page, 'field screen ar')
    expect(kioskJson<unknown[]>(['jobs', 'list'], { dataDir: branch })).toHaveLength(4)
  })

  it('shows a refusal right to left in Arabic, and only "paused" to a customer at a self-service terminal', async () => {
    const page = branchPage
    kioskJson(['settings', 'set', 'thresholds.minFreeDiskMb', '99999999'], { dataDir: branch })
    try {
      await page.getByRole('button', { name: tr('ar', 'nav.home') }).click()
      const refusal = page.getByTestId('guard-refusals')
      await refusal.waitFor()
      expect(await refusal.getByRole('heading').innerText()).toBe(tr('ar', 'guard.refused'))
      expect(await refusal.locator('[data-guard="disk_low"]').innerText()).toMatch(
        /^not enough free disk space to save a capture: \d+ MB free/,
      )
      await screenshot(page, 'field-home-refused-ar')
      await accessible(page, 'home with a refusal, ar')

      kioskJson(['settings', 'set', 'ui.profile', 'self-service'], { dataDir: branch })
      await page.reload()
      const paused = page.getByTestId('guard-paused')
      await paused.waitFor()
      expect(await paused.innerText()).toBe(tr('en', 'guard.pausedSelf'))
      expect(await page.getByTestId('guard-refusals').count()).toBe(0)
      expect(await page.locator('body').innerText()).not.toMatch(/disk|MB/)
      await screenshot(page, 'field-home-paused-self-en')
    } finally {
      kioskJson(['settings', 'set', 'thresholds.minFreeDiskMb', '500'], { dataDir: branch })
      kioskJson(['settings', 'set', 'ui.profile', 'staff'], { dataDir: branch })
    }
    expect(errors, errors.join('\n')).toEqual([])
  })
})
