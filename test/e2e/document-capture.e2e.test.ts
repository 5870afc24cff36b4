/**
 * The camera document capture component (renderer/src/features/document) in Debian's Chromium
 * with a fake camera showing a passport on a dark desk: it must find the document, take the front
 * by itself, ask to turn the document over, take the back, and hand both over as JPEG bytes.
 * The component is bundled alone with esbuild into a one-page harness (it is wired into the
 * capture flow elsewhere) and served from 127.0.0.1, a secure context for getUserMedia.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { writeFileSync } from 'node:fs'
import { build } from 'esbuild'
import type { Browser } from 'playwright-core'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, screenshot } from '../support/browser'
import { REPO } from '../support/cli'
import { readShared } from '../support/shared-data'
import { tempDir } from '../support/temp'

const HARNESS = `
import { createElement as h, useEffect, useState } from 'react'
import { createRoot } from 'react-dom/client'
import { I18nProvider } from '${join(REPO, 'renderer/src/i18n/i18n')}'
import { DocumentCapture } from '${join(REPO, 'renderer/src/features/document/DocumentCapture')}'
window.__shots = []
function Harness() {
  const [stream, setStream] = useState(null)
  useEffect(() => {
    navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 } }).then(setStream)
  }, [])
  return h(DocumentCapture, {
    stream,
    onCapture: (s) => window.__shots.push({ side: s.side, how: s.how, size: s.jpeg.length,
      magic: Array.from(s.jpeg.slice(0, 3)), width: s.width, height: s.height }),
    onDone: () => { window.__done = true },
  })
}
createRoot(document.getElementById('root')).render(h(I18nProvider, { lang: 'en' }, h(Harness)))
`

/** A passport filling ~85 % of a 640×480 frame on a dark desk, as 30 MJPEG frames. */
async function fakeCamera(dir: string): Promise<string> {
  const doc = await sharp(readShared('mrz', 'pe_100_pass-ltu.jpg'))
    .resize({ width: 600 })
    .toBuffer()
  const frame = await sharp({
    create: { width: 640, height: 480, channels: 3, background: { r: 45, g: 42, b: 40 } },
  })
    .composite([{ input: doc, left: 20, top: 28 }])
    .jpeg({ quality: 90 })
    .toBuffer()
  const file = join(dir, 'passport.mjpeg')
  writeFileSync(file, Buffer.concat(Array.from({ length: 30 }, () => frame)))
  return file
}

describe('document capture component (Chromium, fake camera)', () => {
  let server: Server
  let browser: Browser
  let url: string

  beforeAll(async () => {
    const dir = tempDir()
    const bundle = await build({
      stdin: { contents: HARNESS, resolveDir: REPO, loader: 'js' },
      bundle: true,
      write: false,
      format: 'esm',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
    })
    const js = bundle.outputFiles[0]!.text
    const html =
      '<!doctype html><meta charset="utf-8"><div id="root"></div><script type="module" src="/app.js"></script>'
    server = createServer((req, res) => {
      if (req.url === '/app.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(js)
      else res.writeHead(200, { 'content-type': 'text/html' }).end(html)
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
    browser = await launchChromium({ fakeCamera: await fakeCamera(dir) })
  })
  afterAll(async () => {
    await browser?.close()
    server?.close()
  })

  it('takes front and back by itself and returns JPEG bytes', async () => {
    const page = await browser.newPage()
    await page.goto(url)
    await page.getByRole('heading', { name: 'Front of the document' }).waitFor()
    await page.waitForFunction(
      () => (window as unknown as { __shots: unknown[] }).__shots.length >= 1,
      null,
      { timeout: 20_000 },
    )
    await page.getByText('Now turn the document over').waitFor()
    await screenshot(page, 'document-capture-turn-over')
    await page.getByRole('heading', { name: 'Back of the document' }).waitFor()
    await page.waitForFunction(
      () => (window as unknown as { __done?: boolean }).__done === true,
      null,
      { timeout: 20_000 },
    )
    const shots = await page.evaluate(() => (window as unknown as { __shots: unknown[] }).__shots)
    expect(shots).toEqual([
      expect.objectContaining({
        side: 'front',
        how: 'auto',
        magic: [0xff, 0xd8, 0xff],
        width: 640,
        height: 480,
      }),
      expect.objectContaining({
        side: 'back',
        how: 'auto',
        magic: [0xff, 0xd8, 0xff],
        width: 640,
        height: 480,
      }),
    ])
    await page.close()
  })
})
