/**
 * The SANE driver against Debian's real `scanimage` and its `test` backend, chosen with
 * SANE_CONFIG_DIR=resources/sane (a dll.conf naming only `test`). Needs the sane-utils package.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { createSaneDriver } from '../../../electron/core/scanners/sane.driver'
import { ScannerError } from '../../../electron/core/scanners/scanner-driver'
import type { DocumentReport } from '../../../electron/shared/documents/document-report'
import { kiosk, kioskJson, REPO } from '../../support/cli'
import { tempDir } from '../../support/temp'

const env = { SANE_CONFIG_DIR: join(REPO, 'resources', 'sane') }
const sane = createSaneDriver({ env })
const dataDir = tempDir()

describe('SANE driver (scanimage, test backend)', () => {
  it('has scanimage installed (apt-get install sane-utils)', () => {
    expect(['/usr/bin/scanimage', '/usr/local/bin/scanimage'].some((p) => existsSync(p))).toBe(true)
  })

  it('lists the test devices', async () => {
    const devices = await sane.list()
    expect(devices.map((d) => d.id)).toEqual(['sane:test:0', 'sane:test:1'])
    expect(devices[0]).toMatchObject({ driver: 'sane', address: 'test:0' })
  })

  it('reports capabilities', async () => {
    const caps = await sane.capabilities('sane:test:0')
    expect(caps.modes).toEqual(['gray', 'color'])
    expect(caps.resolutions).toContain(300)
    expect(caps.maxWidthMm).toBe(200)
  })

  it.each([
    ['color', 3],
    ['gray', 1],
  ] as const)('scans in %s at the asked resolution', async (mode, channels) => {
    const r = await sane.scan('sane:test:0', {
      dpi: 150,
      mode,
      options: { 'test-picture': 'Color pattern' },
    })
    const meta = await sharp(r.bytes).metadata()
    expect(meta.format).toBe('png')
    expect(meta.channels).toBe(channels)
    // The test backend scans 80 × 100 mm by default: 472 × 590 px at 150 dpi.
    expect([meta.width, meta.height]).toEqual([472, 590])
  })

  it.each([
    ['SANE_STATUS_JAMMED', 'jammed', /paper jam/],
    ['SANE_STATUS_DEVICE_BUSY', 'busy', /is busy/],
    ['SANE_STATUS_NO_DOCS', 'no_paper', /no document in the feeder/],
    ['SANE_STATUS_COVER_OPEN', 'cover_open', /cover open/],
  ])('a device reporting %s fails as %s with advice', async (status, failure, text) => {
    const err = await sane
      .scan('sane:test:0', { dpi: 75, mode: 'gray', options: { 'read-return-value': status } })
      .catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ScannerError)
    expect((err as ScannerError).failure).toBe(failure)
    expect((err as ScannerError).message).toMatch(text)
  })

  it('an absent device fails as absent', async () => {
    const err = (await sane
      .scan('sane:test:9', { dpi: 75, mode: 'gray' })
      .catch((e: unknown) => e)) as ScannerError
    expect(err.failure).toBe('absent')
    expect(err.code).toBe('not_found')
  })

  it('cancels a running scan', async () => {
    const abort = new AbortController()
    const started = Date.now()
    setTimeout(() => abort.abort(), 300)
    // read-delay makes the test backend take many seconds for this page.
    const err = (await sane
      .scan('sane:test:0', {
        dpi: 600,
        mode: 'color',
        signal: abort.signal,
        options: { 'read-delay': 'yes', 'read-delay-duration': '200000' },
      })
      .catch((e: unknown) => e)) as ScannerError
    expect(err.failure).toBe('cancelled')
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('kiosk scanners / kiosk scan with SANE', () => {
  it('lists and scans, and the scan goes through the document checks', () => {
    const list = kioskJson<{ devices: { id: string }[] }>(['scanners', 'list'], { dataDir, env })
    expect(list.devices.map((d) => d.id)).toContain('sane:test:0')
    const out = join(dataDir, 'scan.png')
    const r = kioskJson<{ file: string; width: number; checks: DocumentReport }>(
      [
        'scan',
        '--device',
        'sane:test:0',
        '--out',
        out,
        '--dpi',
        '150',
        '--option',
        'test-picture=Color pattern',
        '--check',
      ],
      { dataDir, env },
    )
    expect(r.file).toBe(out)
    expect(existsSync(out)).toBe(true)
    // A test pattern is not a document: the checks say so rather than pass it.
    expect(r.checks.decision.type).toBe('REJECTED')
    expect(r.checks.mrz.found).toBe(false)
    expect(r.checks.steps.find((s) => s.step === 'front_image')?.status).toBe('ok')
  })

  it('a jam is one line on stderr, exit 1, and no file', () => {
    const out = join(dataDir, 'jam.png')
    const r = kiosk(
      [
        'scan',
        '--device',
        'sane:test:0',
        '--out',
        out,
        '--option',
        'read-return-value=SANE_STATUS_JAMMED',
      ],
      { dataDir, env },
    )
    expect(r.code).toBe(1)
    expect(r.stderr.trim()).toBe(
      'kiosk: scanner sane:test:0 has a paper jam; clear the feeder and scan again (sane_read: Document feeder jammed)',
    )
    expect(existsSync(out)).toBe(false)
  })

  it('bad flags are refused before scanning, exit 2', () => {
    expect(
      kiosk(['scan', '--device', 'sane:test:0', '--out', join(dataDir, 'x.gif')], { dataDir, env })
        .stderr,
    ).toMatch(/--out must end in .png, .jpg or .tif/)
    const r = kiosk(
      ['scan', '--device', 'sane:test:0', '--out', join(dataDir, 'x.png'), '--dpi', '5'],
      { dataDir, env },
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--dpi is a whole number from 50 to 1200/)
  })
})
