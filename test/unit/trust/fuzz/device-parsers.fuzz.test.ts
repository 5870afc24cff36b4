/**
 * Parsers of what devices and documents hand the kiosk: eSCL scanner XML (from the network), SANE
 * option listings, MRZ lines read by OCR. Any text gives a result (possibly empty), never a throw,
 * and in time linear in its length: a scanner answering with half a megabyte of unclosed tags
 * once froze the main thread for seconds.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseMrz } from '../../../../electron/core/documents/mrz-parse'
import { parseCapabilities, parseStatus, texts } from '../../../../electron/core/scanners/escl-xml'
import { parseOptions } from '../../../../electron/core/scanners/sane.driver'
import { fuzzParams } from '../../../support/fuzz'

const xmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '<scan:ColorMode>',
        '</scan:ColorMode>',
        'RGB24',
        'Grayscale8',
        '<pwg:XResolution>',
        '</pwg:XResolution>',
        '300',
        '<scan:Platen>',
        '<scan:MaxWidth>2550</scan:MaxWidth>',
        '<pwg:State>Idle</pwg:State>',
        '&amp;',
        '<',
        '>',
        '<scan:ColorMode a="',
      ),
      fc.string({ maxLength: 20 }),
    ),
    { maxLength: 200 },
  )
  .map((parts) => parts.join(''))

describe('scanner answers', () => {
  it('any eSCL text parses to capabilities and a status, never a throw', () => {
    fc.assert(
      fc.property(xmlish, (xml) => {
        const caps = parseCapabilities(xml)
        for (const r of caps.resolutions) expect(Number.isFinite(r) && r > 0).toBe(true)
        expect(caps.modes.every((m) => m === 'color' || m === 'gray')).toBe(true)
        const s = parseStatus(xml)
        expect(s.state === null || typeof s.state === 'string').toBe(true)
      }),
      fuzzParams(1000),
    )
  })

  it('reads elements in time linear in the answer (no regex blow-up on unclosed tags)', () => {
    for (const evil of [
      '<scan:ColorMode>'.repeat(50_000),
      '<scan:ColorMode a="'.repeat(30_000),
      `${'<pwg:XResolution>1'.repeat(40_000)}</pwg:XResolution>`,
    ]) {
      const t = performance.now()
      texts(evil, 'ColorMode')
      texts(evil, 'XResolution')
      parseCapabilities(evil)
      expect(performance.now() - t, `${evil.slice(0, 20)}… (${evil.length} chars)`).toBeLessThan(
        500,
      )
    }
  })

  it('any scanimage listing parses to options, never a throw', () => {
    fc.assert(
      fc.property(
        fc
          .array(
            fc.oneof(
              fc.constantFrom(
                '  --mode Gray|Color [Gray]\n',
                '    --resolution 1..1200dpi [300]\n',
                '    --resolution 75|150|300dpi\n',
                '    -x 0..215.9mm [215.9]\n',
                '    --source Flatbed\n',
                '\n',
              ),
              fc.string({ maxLength: 40 }),
            ),
            { maxLength: 40 },
          )
          .map((p) => p.join('')),
        (text) => {
          const o = parseOptions(text)
          for (const r of o.resolutions) expect(r > 0).toBe(true)
        },
      ),
      fuzzParams(1000),
    )
  })
})

describe('MRZ text from OCR', () => {
  const line = (n: number) =>
    fc
      .array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<<<<<<<<'.split('')), {
        minLength: n - 2,
        maxLength: n + 2,
      })
      .map((c) => c.join(''))
  it('any two or three lines of MRZ-like text parse to fields or null, never a throw', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.array(line(44), { minLength: 2, maxLength: 2 }),
          fc.array(line(36), { minLength: 2, maxLength: 2 }),
          fc.array(line(30), { minLength: 3, maxLength: 3 }),
          fc.array(fc.string(), { maxLength: 4 }),
        ),
        (lines) => {
          const r = parseMrz(lines, new Date('2026-03-01T00:00:00Z'))
          if (r !== null) expect(Array.isArray(r.failedChecks)).toBe(true)
        },
      ),
      fuzzParams(1000),
    )
  })
})
