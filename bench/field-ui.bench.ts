/**
 * Field mode in the kiosk UI, in Debian's Chromium through two real `kiosk serve` processes:
 * - field screen: a laptop store holding FIELD_UI_JOBS jobs (selfie + 2 liveness frames, cut from
 *   a real face photo) exported through the console's field screen, and the bundle imported on a
 *   branch machine through its field screen; timed from the button press to the result on screen
 *   (the import report table with one row per job);
 * - location: the same passive-liveness enrolment with field.location on (Chromium given a fixed
 *   position, as the OS location service would answer) and off, consent → saved, and when the
 *   position answer arrived relative to the save (page performance marks set by the capture flow).
 *   Chromium's emulated position answers at once: this measures what asking costs the capture,
 *   not how long a real GPS takes to get a fix (the flow never waits for one).
 * Last stdout line: one JSON object.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { launchChromium } from '../test/support/browser'
import { kioskJson, startKiosk } from '../test/support/cli'
import { fakeCamera } from '../test/support/fake-camera'
import { pairedFieldStores } from './bench-support'

const JOBS = Number(process.env.FIELD_UI_JOBS ?? 1000)
const RUNS = Number(process.env.FIELD_UI_LOCATION_RUNS ?? 5)
const DAKAR = { latitude: 14.6937, longitude: -17.4441, accuracy: 25 }

type Server = Awaited<ReturnType<typeof startKiosk<{ url: string }>>>
const work = mkdtempSync(join(tmpdir(), 'kiosk-field-ui-bench-'))
const servers: Server[] = []
const browsers: Browser[] = []

async function serve(dataDir: string): Promise<string> {
  const s = await startKiosk<{ url: string }>(['serve', '--port', '0', '--no-sync'], { dataDir })
  servers.push(s)
  return s.info.url
}

async function openField(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.getByRole('button', { name: 'Job queue' }).first().click()
  await page.getByRole('button', { name: 'Field mode', exact: true }).click()
  await page.getByTestId('field-status').waitFor()
}

async function fieldScreen(browser: Browser) {
  const { laptop, branch, usb, images } = await pairedFieldStores(work, {
    jobs: JOBS,
    liveness: 2,
    prefix: 'field-ui',
    localChecks: null,
  })

  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await openField(page, await serve(laptop))
  const exportForm = page.getByTestId('field-export-form')
  await exportForm.getByLabel('Folder (for example the USB stick)').fill(usb)
  let t0 = performance.now()
  await exportForm.getByRole('button', { name: 'Export' }).click()
  await page.getByTestId('field-export-file').waitFor({ timeout: 300_000 })
  const exportMs = performance.now() - t0
  const file = await page.getByTestId('field-export-file').innerText()

  const branchPage = await browser.newPage({ viewport: { width: 1280, height: 900 } })
  await openField(branchPage, await serve(branch))
  const importForm = branchPage.getByTestId('field-import-form')
  await importForm.getByLabel('Bundle file (.kbundle)').fill(file)
  t0 = performance.now()
  await importForm.getByRole('button', { name: 'Import' }).click()
  await branchPage
    .locator(`[data-testid="field-import-report"] tr[data-job-id="field-ui-${JOBS - 1}"]`)
    .waitFor({ timeout: 300_000 })
  const importMs = performance.now() - t0
  const rows = await branchPage.locator('[data-testid="field-import-report"] tbody tr').count()
  const imported = await branchPage.locator('tr[data-fate="imported"]').count()
  return {
    jobs: JOBS,
    images_per_job: images.length,
    export_click_to_result_ms: Math.round(exportMs),
    import_click_to_report_ms: Math.round(importMs),
    report_rows: rows,
    all_imported: imported === JOBS,
  }
}

interface LocationRun {
  consent_to_saved_ms: number
  /** Position answer after the request (made at consent), and how long before the save. */
  answer_ms: number | null
  answer_before_save_ms: number | null
  status: unknown
}

async function location(browser: Browser) {
  const dataDir = join(work, 'location')
  for (const [k, v] of Object.entries({
    'capture.document': 'off',
    'capture.activeLiveness': 'false',
    'camera.width': '640',
    'camera.height': '480',
  })) {
    kioskJson(['settings', 'set', k, v], { dataDir })
  }
  const url = await serve(dataDir)
  const runs: Record<'on' | 'off', LocationRun[]> = { on: [], off: [] }
  let n = 0
  // One capture first, not counted: it starts the face engine (inference process, models). Then
  // on/off alternate in both orders so drift (caches, the store growing) favours neither.
  const plan: ('on' | 'off' | 'warmup')[] = ['warmup']
  for (let r = 0; r < RUNS; r++) {
    plan.push(...(r % 2 === 0 ? (['on', 'off'] as const) : (['off', 'on'] as const)))
  }
  for (const step of plan) {
    const mode = step === 'warmup' ? 'off' : step
    kioskJson(['settings', 'set', 'field.location', String(mode === 'on')], { dataDir })
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      geolocation: DAKAR,
      permissions: ['geolocation'],
    })
    const page = await context.newPage()
    await page.goto(url)
    await page
      .getByRole('button', { name: /^Enrol/ })
      .first()
      .click()
    await page.getByLabel('Customer number').fill(`cust-loc-${n++}`)
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByLabel(/I agree/).check()
    const t0 = performance.now()
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.locator('section[data-job-id]').waitFor({ timeout: 90_000 })
    const total = performance.now() - t0
    type Mark = { t: number; status: unknown } | null
    const m = await page.evaluate<Record<'asked' | 'settled' | 'saved', Mark>>(`(() => {
      const mark = (name) => {
        const e = performance.getEntriesByName(name, 'mark').at(-1)
        return e === undefined ? null : { t: e.startTime, status: e.detail?.status ?? null }
      }
      return { asked: mark('kiosk:location-asked'), settled: mark('kiosk:location-settled'), saved: mark('kiosk:job-saved') }
    })()`)
    if (step !== 'warmup') {
      runs[mode].push({
        consent_to_saved_ms: Math.round(total),
        answer_ms: m.asked && m.settled ? Math.round(m.settled.t - m.asked.t) : null,
        answer_before_save_ms: m.settled && m.saved ? Math.round(m.saved.t - m.settled.t) : null,
        status: m.settled?.status ?? null,
      })
    }
    await context.close()
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)] ?? 0
  const on = median(runs.on.map((r) => r.consent_to_saved_ms))
  const off = median(runs.off.map((r) => r.consent_to_saved_ms))
  return {
    runs_each: RUNS,
    consent_to_saved_ms_median: { on, off },
    on_minus_off_ms: on - off,
    answer_ms_max: Math.max(...runs.on.map((r) => r.answer_ms ?? Infinity)),
    every_fix_before_save: runs.on.every(
      (r) => r.status === 'ok' && (r.answer_before_save_ms ?? -1) >= 0,
    ),
    off_never_asked: runs.off.every((r) => r.answer_ms === null),
    runs,
  }
}

try {
  const plain = await launchChromium()
  browsers.push(plain)
  const screen = await fieldScreen(plain)
  const camera = await launchChromium({ fakeCamera: await fakeCamera('still') })
  browsers.push(camera)
  const loc = await location(camera)
  console.log(
    JSON.stringify({
      field_screen: screen,
      location: loc,
      targets: {
        field_screen_all_imported: screen.all_imported && screen.report_rows === JOBS,
        location_fix_before_save: loc.every_fix_before_save,
        location_off_not_asked: loc.off_never_asked,
      },
    }),
  )
} finally {
  for (const b of browsers) await b.close()
  for (const s of servers) await s.stop()
  rmSync(work, { recursive: true, force: true })
}
