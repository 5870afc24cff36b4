import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Page } from 'playwright-core'
import { screenshot } from '../support/browser'
import { kiosk, kioskJson } from '../support/cli'
import { rendererI18n, type Lang } from '../support/renderer-i18n'
import { smallTargets, stage, startUiKiosk, unnamedControls, type UiKiosk } from './kiosk-ui'

const { LANGUAGES, MESSAGES } = await rendererI18n()
const tr = (lang: Lang, key: string): string => MESSAGES[lang][key] ?? key

/** Every screen must have targets ≥ 48 px and a name for every control. */
async function accessible(page: Page, where: string) {
  expect(await smallTargets(page), where).toEqual([])
  expect(await unnamedControls(page), where).toEqual([])
}

describe('every language, keyboard only, high contrast, self-service and the staff console', () => {
  let k: UiKiosk
  beforeAll(async () => {
    k = await startUiKiosk({ camera: 'still', settings: { 'capture.activeLiveness': 'true' } })
  })
  afterAll(() => k?.close())

  it.each(LANGUAGES.map((l) => [l.id, l.name, l.dir] as const))(
    'home and capture screens in %s (%s, %s)',
    async (lang, name, dir) => {
      const { page } = k
      await page.getByRole('button', { name, exact: true }).click()
      await expect.poll(() => page.evaluate('document.documentElement.dir')).toBe(dir)
      expect(await page.evaluate('document.documentElement.lang')).toBe(lang)
      await page.getByRole('heading', { name: tr(lang, 'home.welcome') }).waitFor()
      await screenshot(page, `home-staff-${lang}`)
      await accessible(page, `home ${lang}`)

      await page.getByRole('button', { name: new RegExp(`^${tr(lang, 'choose.enrol')}`) }).click()
      await page.getByLabel(tr(lang, 'identify.label')).fill(`cust-${lang}-1`)
      await screenshot(page, `identify-${lang}`)
      await accessible(page, `identify ${lang}`)
      await page.getByRole('button', { name: tr(lang, 'action.continue') }).click()
      await page.getByLabel(tr(lang, 'consent.agree')).check()
      await screenshot(page, `consent-${lang}`)
      await accessible(page, `consent ${lang}`)
      await page.getByRole('button', { name: tr(lang, 'action.continue') }).click()

      const s = stage(page)
      await s.and(page.locator('[data-hint="ok"]')).waitFor({ timeout: 30_000 })
      // The photo is taken one second after the picture is good: the prompt may have moved on.
      expect([tr(lang, 'guide.ok'), tr(lang, 'challenge.calibrate')]).toContain(
        await page.getByTestId('prompt').innerText(),
      )
      await screenshot(page, `capture-guide-${lang}`)
      await s
        .and(page.locator('[data-phase="challenge"]:not([data-challenge=""])'))
        .waitFor({ timeout: 30_000 })
      const challenge = (await s.getAttribute('data-challenge')) ?? ''
      const prompt = await page.getByTestId('prompt').innerText()
      expect([
        tr(lang, `challenge.${challenge}`),
        tr(lang, `challenge.neutral.${challenge}`),
      ]).toContain(prompt)
      await screenshot(page, `capture-challenge-${lang}`)
      await accessible(page, `capture ${lang}`)
      await page.getByRole('button', { name: tr(lang, 'action.cancel') }).click()
      await page.getByRole('heading', { name: tr(lang, 'home.welcome') }).waitFor()
    },
  )

  it('works with the keyboard alone, with a visible focus ring', async () => {
    const { page } = k
    await page.getByRole('button', { name: 'English', exact: true }).click()
    await page.evaluate('document.activeElement.blur()')
    const focused = () =>
      page.evaluate<{
        text: string
        outline: number
        style: string
      }>(`(() => { const e = document.activeElement; const s = getComputedStyle(e);
        return { text: (e.innerText || e.getAttribute('aria-label') || e.id || '').trim(), outline: parseFloat(s.outlineWidth), style: s.outlineStyle } })()`)
    let f = await focused()
    for (let i = 0; i < 20 && !f.text.startsWith('Enrol'); i++) {
      await page.keyboard.press('Tab')
      f = await focused()
    }
    expect(f.text).toMatch(/^Enrol/)
    expect(f.outline).toBeGreaterThanOrEqual(3)
    expect(f.style).not.toBe('none')
    await page.keyboard.press('Enter')
    // The new screen's title has the focus; Tab reaches the field, Enter submits.
    await expect.poll(async () => (await focused()).text).toBe('Enrol a new customer')
    await page.keyboard.press('Tab')
    await page.keyboard.type('cust-keys-1')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Your photo and your consent' }).waitFor()
    await page.keyboard.press('Tab') // the checkbox
    await page.keyboard.press('Space')
    await page.keyboard.press('Tab') // "I do not agree"
    await page.keyboard.press('Tab') // Continue
    expect((await focused()).text).toBe('Continue')
    await page.keyboard.press('Enter')
    await stage(page).waitFor()
    await page.keyboard.press('Tab')
    expect((await focused()).text).toBe('Cancel')
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Welcome' }).waitFor()
  })

  it('stays readable in high-contrast (forced colours) mode', async () => {
    const { page } = k
    await page.emulateMedia({ forcedColors: 'active' })
    await screenshot(page, 'home-forced-colors-en')
    // Colour is gone in this mode: buttons must still show their edges.
    const edge = await page
      .getByRole('button', { name: /^Enrol/ })
      .evaluate(
        `getComputedStyle(document.querySelector('.bigbtn')).borderTopStyle + ' ' + getComputedStyle(document.querySelector('.bigbtn')).borderTopWidth`,
      )
    expect(edge).toBe('solid 2px')
    await page.emulateMedia({ forcedColors: 'none' })
  })

  it('the staff console is behind staff sign-in: queue, settings with approval, diagnostics', async () => {
    const { page, dataDir } = k
    // The PIN comes on standard input (--secret-stdin), as a script would give it.
    const added = kiosk(
      [
        'staff',
        'add',
        'sup.ana',
        '--role',
        'supervisor',
        '--name',
        'Ana Supervisor',
        '--secret-stdin',
      ],
      { dataDir, input: '739146\n' },
    )
    expect(added.code, added.stderr).toBe(0)
    await page.reload()
    await page.getByRole('button', { name: 'Job queue' }).first().click()
    await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor()
    await screenshot(page, 'console-signin-en')
    await accessible(page, 'sign-in')
    await page.getByLabel('Staff name').fill('sup.ana')
    await page.getByLabel('PIN or password').fill('000000')
    await page.getByRole('button', { name: 'Staff sign-in' }).click()
    await page
      .getByRole('alert')
      .filter({ hasText: /PIN|password|wrong|not/i })
      .waitFor()
    await page.getByLabel('PIN or password').fill('739146')
    await page.getByRole('button', { name: 'Staff sign-in' }).click()
    await page.getByRole('heading', { name: 'Job queue' }).waitFor()
    expect(await page.getByText('Signed in: Ana Supervisor').count()).toBe(1)

    await page.getByRole('button', { name: 'Settings' }).click()
    const row = page.locator('[data-setting="capture.document"]')
    await row.getByRole('combobox').selectOption('optional')
    await row.getByRole('button', { name: 'Save' }).click()
    // Capture rules need a supervisor's name and PIN with the change itself (maker–checker) when
    // the core checks this screen's calls as its own; the screen asks only when the core does.
    const approval = row.getByRole('group', { name: 'Supervisor approval' })
    const saved = row.getByText('Saved', { exact: true })
    await expect
      .poll(async () => (await approval.count()) + (await saved.count()))
      .toBeGreaterThan(0)
    if ((await approval.count()) > 0) {
      await row.getByLabel('Supervisor name').fill('sup.ana')
      await row.getByLabel('Supervisor PIN').fill('739146')
      await row.getByRole('button', { name: 'Save' }).click()
    }
    await saved.waitFor()
    expect(
      kioskJson<{ values: Record<string, unknown> }>(['settings', 'get'], { dataDir }).values[
        'capture.document'
      ],
    ).toBe('optional')
    await screenshot(page, 'console-settings-en')
    await accessible(page, 'settings')

    await page.getByRole('button', { name: 'Diagnostics' }).click()
    await page.getByTestId('diag-version').waitFor()
    expect(await page.locator('[data-model="face_landmarker"]').getAttribute('data-status')).toBe(
      'ok',
    )
    await expect
      .poll(() => page.getByTestId('diag-provider').innerText(), { timeout: 15_000 })
      .toMatch(/cpu/i)
    await expect.poll(() => page.locator('[data-camera-id]').count()).toBeGreaterThanOrEqual(1)
    await screenshot(page, 'console-diagnostics-en')
    await accessible(page, 'diagnostics')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.getByRole('heading', { name: 'Staff sign-in' }).waitFor()
  })

  it('self-service: a Start button, spoken-prompt status, and no way to any staff screen', async () => {
    const { page, dataDir } = k
    kioskJson(['settings', 'set', 'ui.profile', 'self-service'], { dataDir })
    await page.reload()
    for (const l of LANGUAGES) {
      await page.getByRole('button', { name: l.name, exact: true }).click()
      await page.getByRole('button', { name: new RegExp(`^${tr(l.id, 'home.start')}`) }).waitFor()
      await screenshot(page, `home-self-service-${l.id}`)
    }
    await page.getByRole('button', { name: 'English', exact: true }).click()
    expect(await page.getByRole('button', { name: 'Job queue' }).count()).toBe(0)
    // Headless Chromium has no voices: prompts are text only, and the screen says so.
    expect(await page.locator('[data-voice]').getAttribute('data-voice')).toMatch(
      /^(on|unavailable)$/,
    )
    await page.getByRole('button', { name: /^Start/ }).click()
    await page.getByRole('heading', { name: 'What would you like to do?' }).waitFor()
    await screenshot(page, 'choose-self-service-en')
    await accessible(page, 'choose')
    await page.getByRole('button', { name: /^Enrol/ }).click()
    await page.getByLabel('Customer number').fill('cust-self-1')
    await page.getByRole('button', { name: 'Continue' }).click()
    await page.getByRole('heading', { name: 'Your photo and your consent' }).waitFor()
    expect(await page.getByRole('button', { name: 'Job queue' }).count()).toBe(0)
    expect(k.errors, k.errors.join('\n')).toEqual([])
  })
})
