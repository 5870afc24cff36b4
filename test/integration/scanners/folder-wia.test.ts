/**
 * Watched-folder import (real files, real fs events) and the WIA driver's process protocol. WIA
 * itself exists only on Windows: here the driver talks to a stand-in that speaks the bridge's JSON
 * (resources/wia/README.md); the PowerShell script is not run on this machine.
 */
import { chmodSync, existsSync, readdirSync, writeFileSync } from 'node:fs'
import { appendFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createFolderDriver, IMPORTED_DIR } from '../../../electron/core/scanners/folder.driver'
import { type ScannerError } from '../../../electron/core/scanners/scanner-driver'
import { createWiaDriver } from '../../../electron/core/scanners/wia.driver'
import { readShared } from '../../support/shared-data'
import { tempDir } from '../../support/temp'

describe('watched-folder import', () => {
  it('takes an image already waiting, and moves it to imported/', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'page.jpg'), readShared('mrz', 'pe_100_pass-ltu.jpg'))
    const d = createFolderDriver({ folders: [dir], settleMs: 50 })
    const [device] = await d.list()
    expect(device).toMatchObject({ id: `folder:${dir}`, driver: 'folder', address: dir })
    const r = await d.scan(`folder:${dir}`, { dpi: 300, mode: 'color' })
    expect(r.mime).toBe('image/jpeg')
    expect(r.bytes.equals(readShared('mrz', 'pe_100_pass-ltu.jpg'))).toBe(true)
    expect(existsSync(join(dir, 'page.jpg'))).toBe(false)
    expect(readdirSync(join(dir, IMPORTED_DIR))).toHaveLength(1)
  })

  it('waits for the next file and only takes it once the reader has finished writing', async () => {
    const dir = tempDir()
    const png = await sharp(readShared('mrz', 'pe_100_pass-hrv.jpg')).png().toBuffer()
    const d = createFolderDriver({ folders: [dir], settleMs: 200 })
    const scanning = d.scan(`folder:${dir}`, { dpi: 300, mode: 'color' })
    // The reader writes the file in two halves, 100 ms apart.
    await new Promise((r) => setTimeout(r, 150))
    await writeFile(join(dir, 'scan.png'), png.subarray(0, png.length >> 1))
    await new Promise((r) => setTimeout(r, 100))
    await appendFile(join(dir, 'scan.png'), png.subarray(png.length >> 1))
    const r = await scanning
    expect(r.bytes.equals(png)).toBe(true)
    expect(r.mime).toBe('image/png')
  })

  it('takes the oldest of several, one per scan', async () => {
    const dir = tempDir()
    const d = createFolderDriver({ folders: [dir], settleMs: 20 })
    writeFileSync(join(dir, 'b.jpg'), Buffer.from('second'))
    await new Promise((r) => setTimeout(r, 30))
    writeFileSync(join(dir, 'a.jpg'), Buffer.from('third'))
    const { utimesSync } = await import('node:fs')
    utimesSync(join(dir, 'b.jpg'), new Date(1000), new Date(1000))
    const first = await d.scan(`folder:${dir}`, { dpi: 300, mode: 'color' })
    const second = await d.scan(`folder:${dir}`, { dpi: 300, mode: 'color' })
    expect([first.bytes.toString(), second.bytes.toString()]).toEqual(['second', 'third'])
  })

  it('gives up after its timeout, and on cancel', async () => {
    const dir = tempDir()
    const d = createFolderDriver({ folders: [dir], timeoutMs: 300 })
    const timeout = (await d
      .scan(`folder:${dir}`, { dpi: 300, mode: 'color' })
      .catch((e: unknown) => e)) as ScannerError
    expect(timeout.failure).toBe('timeout')
    const abort = new AbortController()
    setTimeout(() => abort.abort(), 100)
    const cancelled = (await createFolderDriver({ folders: [dir] })
      .scan(`folder:${dir}`, { dpi: 300, mode: 'color', signal: abort.signal })
      .catch((e: unknown) => e)) as ScannerError
    expect(cancelled.failure).toBe('cancelled')
  })

  it('a missing folder is absent', async () => {
    const err = (await createFolderDriver({ folders: [] })
      .scan('folder:/nonexistent/reader', { dpi: 300, mode: 'color' })
      .catch((e: unknown) => e)) as ScannerError
    expect(err.failure).toBe('absent')
  })
})

describe('WIA driver (process protocol)', () => {
  /** A stand-in for powershell.exe + wia-scan.ps1: same arguments in, same JSON out. */
  function standIn(reply: 'ok' | 'jam'): string {
    const dir = tempDir()
    const file = join(dir, 'fake-wia.mjs')
    writeFileSync(
      file,
      `#!/usr/bin/env node
import { copyFileSync } from 'node:fs'
const args = process.argv.slice(3) // [script, ...] after node and this file
const get = (k) => args[args.indexOf(k) + 1]
if (args.includes('-List')) { console.log(JSON.stringify({ devices: [{ id: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\\\0000', name: 'Fake WIA Scanner' }] })); process.exit(0) }
if (args.includes('-Capabilities')) { console.log(JSON.stringify({ resolutions: [150, 300, 600], modes: ['color', 'gray'], sources: ['Flatbed'] })); process.exit(0) }
if (${JSON.stringify(reply)} === 'jam') { console.log(JSON.stringify({ error: 'jammed', message: 'WIA_ERROR_PAPER_JAM', hresult: '0x80210002' })); process.exit(1) }
if (get('-Dpi') !== '300' || get('-Mode') !== 'gray') { console.log(JSON.stringify({ error: 'failed', message: 'unexpected args ' + args.join(' ') })); process.exit(1) }
copyFileSync(process.env.FAKE_WIA_IMAGE, get('-Out'))
console.log(JSON.stringify({ ok: true, out: get('-Out'), width: 10, height: 10 }))
`,
    )
    chmodSync(file, 0o755)
    return file
  }

  const wia = (reply: 'ok' | 'jam') =>
    createWiaDriver({
      script: 'wia-scan.ps1',
      shell: process.execPath,
      shellArgs: [standIn(reply)],
      platform: 'win32',
    })

  it('lists, reports capabilities and scans through the bridge', async () => {
    const img = join(tempDir(), 'page.png')
    writeFileSync(img, await sharp(readShared('mrz', 'pe_100_pass-chn.jpg')).png().toBuffer())
    process.env.FAKE_WIA_IMAGE = img
    const d = wia('ok')
    const [dev] = await d.list()
    expect(dev).toMatchObject({
      id: 'wia:{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0000',
      name: 'Fake WIA Scanner',
    })
    expect((await d.capabilities(dev!.id)).resolutions).toEqual([150, 300, 600])
    const r = await d.scan(dev!.id, { dpi: 300, mode: 'gray' })
    expect((await sharp(r.bytes).metadata()).format).toBe('png')
  })

  it('maps a bridge error to the failure name', async () => {
    const err = (await wia('jam')
      .scan('wia:x', { dpi: 300, mode: 'gray' })
      .catch((e: unknown) => e)) as ScannerError
    expect(err.failure).toBe('jammed')
    expect(err.message).toMatch(/paper jam/)
  })

  it('is empty, not an error, off Windows', async () => {
    const d = createWiaDriver({ script: 'wia-scan.ps1', platform: 'linux' })
    expect(await d.list()).toEqual([])
    const err = (await d
      .scan('wia:x', { dpi: 300, mode: 'color' })
      .catch((e: unknown) => e)) as ScannerError
    expect(err.message).toMatch(/WIA exists only on Windows/)
  })
})
