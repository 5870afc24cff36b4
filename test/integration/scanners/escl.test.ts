/** The eSCL driver against the emulator (real HTTP on 127.0.0.1, real eSCL endpoints and images). */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createEsclDriver } from '../../../electron/core/scanners/escl.driver'
import { ScannerError } from '../../../electron/core/scanners/scanner-driver'
import type { DocumentReport } from '../../../electron/shared/documents/document-report'
import { startEsclEmulator, type EsclEmulator } from '../../support/escl-emulator'
import { spawn } from 'node:child_process'
import { KIOSK_BIN } from '../../support/cli'
import { readShared, sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'

let emu: EsclEmulator
let id: string
const dataDir = tempDir()
const truth = JSON.parse(readFileSync(sharedData('mrz', 'ground_truth.json'), 'utf8')) as Record<
  string,
  { lines: string[] }
>

/**
 * The CLI run without blocking this process: the emulator lives here and must keep answering
 * while the child scans (support/cli's kiosk() uses spawnSync, which would freeze it).
 */
function kioskJsonAsync<T>(args: string[]): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KIOSK_BIN, '--data-dir', dataDir, ...args, '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.once('close', (code) =>
      code === 0
        ? resolve(JSON.parse(out) as T)
        : reject(new Error(`kiosk ${args.join(' ')} exited ${code}: ${err}`)),
    )
  })
}

beforeAll(async () => {
  emu = await startEsclEmulator({
    document: readShared('mrz', 'pe_100_pass-bdr.jpg'),
    scanningPolls: 2,
  })
  id = `escl:${emu.url}`
})
afterAll(() => emu.close())

const driver = () => createEsclDriver({ urls: [emu.url], pollMs: 50 })

describe('eSCL driver', () => {
  it('lists the scanner by its make and model', async () => {
    expect(await driver().list()).toEqual([
      { id, driver: 'escl', name: 'Kiosk Test eSCL Scanner', address: emu.url },
    ])
  })

  it('reads capabilities', async () => {
    expect(await driver().capabilities(id)).toEqual({
      resolutions: [150, 200, 300, 600],
      modes: ['color', 'gray'],
      sources: ['Platen'],
      maxWidthMm: 150,
      maxHeightMm: 110,
    })
  })

  it('scans: ScanJobs → 201 + Location, NextDocument 503 until ready, then the page', async () => {
    emu.setFault('none')
    emu.requests.length = 0
    const r = await driver().scan(id, { dpi: 300, mode: 'color' })
    const meta = await sharp(r.bytes).metadata()
    expect(r.mime).toBe('image/jpeg')
    expect([meta.width, meta.height]).toEqual([1772, 1299])
    expect(emu.requests.filter((q) => q.endsWith('/NextDocument'))).toHaveLength(3)
    expect(emu.lastSettings).toContain('<scan:ColorMode>RGB24</scan:ColorMode>')
  })

  it('scans in gray', async () => {
    const r = await driver().scan(id, { dpi: 150, mode: 'gray' })
    const { data, info } = await sharp(r.bytes).raw().toBuffer({ resolveWithObject: true })
    let chroma = 0
    for (let i = 0; i < data.length; i += info.channels) {
      chroma += Math.abs(data[i]! - data[i + 1]!) + Math.abs(data[i + 1]! - data[i + 2]!)
    }
    expect(chroma / (data.length / info.channels)).toBeLessThan(1)
  })

  it('refuses a resolution the scanner does not have? No: it lets the scanner say so', async () => {
    const err = (await driver()
      .scan(id, { dpi: 75, mode: 'color' })
      .catch((e: unknown) => e)) as ScannerError
    expect(err.failure).toBe('busy') // the emulator answers 409 Conflict, as devices do
  })

  it.each([
    ['busy', 'busy'],
    ['jam', 'jammed'],
  ] as const)('a %s scanner fails as %s', async (fault, failure) => {
    emu.setFault(fault)
    const err = (await driver()
      .scan(id, { dpi: 300, mode: 'color' })
      .catch((e: unknown) => e)) as ScannerError
    emu.setFault('none')
    expect(err).toBeInstanceOf(ScannerError)
    expect(err.failure).toBe(failure)
  })

  it('cancelling deletes the job on the scanner', async () => {
    emu.setScanningPolls(1000)
    const abort = new AbortController()
    setTimeout(() => abort.abort(), 250)
    const err = (await driver()
      .scan(id, { dpi: 300, mode: 'color', signal: abort.signal })
      .catch((e: unknown) => e)) as ScannerError
    emu.setScanningPolls(2)
    expect(err.failure).toBe('cancelled')
    await expect.poll(() => emu.cancelled.length).toBe(1)
  })

  it('an address nobody answers at is absent', async () => {
    const d = createEsclDriver({ urls: [], requestMs: 2000 })
    const err = (await d
      .scan('escl:http://127.0.0.1:9/eSCL', { dpi: 300, mode: 'color' })
      .catch((e: unknown) => e)) as ScannerError
    expect(err.failure).toBe('absent')
  })
})

describe('kiosk scan over eSCL', () => {
  it('scans the passport on the platen and the checks read its MRZ', async () => {
    const out = join(dataDir, 'passport.jpg')
    const r = await kioskJsonAsync<{ width: number; dpi: number; checks: DocumentReport }>([
      'scan',
      '--device',
      id,
      '--out',
      out,
      '--dpi',
      '300',
      '--check',
    ])
    expect(r.dpi).toBe(300)
    expect(r.checks.mrz).toMatchObject({
      found: true,
      valid: true,
      lines: truth['pe_100_pass-bdr.jpg']!.lines,
    })
    expect(r.checks.face.portraitFound).toBe(true)
    // Expired in 2018: the checks reject it for that, and only for that.
    expect(r.checks.warnings.map((w) => w.code)).toEqual(['DOCUMENT_EXPIRED'])
  })

  it('lists eSCL scanners named on the command line', async () => {
    const r = await kioskJsonAsync<{ devices: { id: string; name: string }[] }>([
      'scanners',
      'list',
      '--escl',
      emu.url,
    ])
    expect(r.devices).toContainEqual(
      expect.objectContaining({ id, name: 'Kiosk Test eSCL Scanner' }),
    )
  })
})
