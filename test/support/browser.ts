/** Debian's Chromium driven by playwright-core: the browser the e2e tests and benches use. */
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { REPO } from './cli'

export const CHROMIUM = process.env.KIOSK_CHROMIUM ?? '/usr/bin/chromium'
export const SCREENS_DIR = join(REPO, 'test-results', 'screens')

export interface LaunchOptions {
  /** A .mjpeg or .y4m file Chromium plays as its camera (Chromium's fake video capture). */
  fakeCamera?: string
}

export async function launchChromium(opts: LaunchOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install chromium (or set KIOSK_CHROMIUM)`,
    )
  }
  const args = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ]
  if (opts.fakeCamera !== undefined) {
    args.push(
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      `--use-file-for-fake-video-capture=${opts.fakeCamera}`,
    )
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args })
}

/** Saves a full-page screenshot under test-results/screens/ (git-ignored) for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENS_DIR, { recursive: true })
  const path = join(SCREENS_DIR, `${name}.png`)
  await page.screenshot({ path, fullPage: true })
  return path
}
