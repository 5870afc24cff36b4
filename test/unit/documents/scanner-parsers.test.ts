import { describe, expect, it } from 'vitest'
import {
  parseCapabilities,
  parseStatus,
  scanSettings,
  text,
} from '../../../electron/core/scanners/escl-xml'
import { parseOptions } from '../../../electron/core/scanners/sane.driver'
import { splitId } from '../../../electron/core/scanners/scanner-driver'

// As printed by `scanimage -d test:0 -A` (sane-backends 1.1.1), trimmed.
const SANE_A = `
All options specific to device \`test:0':
  Scan Mode:
    --mode Gray|Color [Gray]
        Selects the scan mode (e.g., lineart, monochrome, or color).
    --resolution 1..1200dpi (in steps of 1) [0.000762939]
        Sets the resolution of the scanned image.
    --source Flatbed|Automatic Document Feeder [Flatbed]
        If Automatic Document Feeder is selected, the feeder will be 'empty'
  Geometry:
    -x 0..200mm (in steps of 1) [80]
        Width of scan-area.
    -y 0..200mm (in steps of 1) [100]
        Height of scan-area.
`

describe('scanner protocol parsing', () => {
  it('reads SANE options', () => {
    expect(parseOptions(SANE_A)).toEqual({
      resolutions: [75, 100, 150, 200, 300, 400, 600, 1200],
      modes: ['gray', 'color'],
      sources: ['Flatbed', 'Automatic Document Feeder'],
      maxWidthMm: 200,
      maxHeightMm: 200,
    })
  })

  it('reads SANE discrete resolutions', () => {
    expect(
      parseOptions(
        '    --resolution 75|150|300|600dpi [300]\n    --mode Lineart|Gray|Color [Color]\n',
      ).resolutions,
    ).toEqual([75, 150, 300, 600])
  })

  it('reads eSCL capabilities and status, whatever the namespace prefixes', () => {
    const caps = parseCapabilities(`<?xml version="1.0"?>
      <scan:ScannerCapabilities xmlns:scan="x" xmlns:pwg="y"><pwg:MakeAndModel>HP &amp; Co</pwg:MakeAndModel>
      <scan:Platen><scan:PlatenInputCaps><scan:MaxWidth>2550</scan:MaxWidth><scan:MaxHeight>3508</scan:MaxHeight>
      <scan:ColorModes><scan:ColorMode>RGB24</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode></scan:ColorModes>
      <scan:DocumentFormats><pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat></scan:DocumentFormats>
      <scan:SupportedResolutions><scan:ResolutionRange><scan:XResolutionRange><scan:Min>100</scan:Min><scan:Max>600</scan:Max></scan:XResolutionRange></scan:ResolutionRange></scan:SupportedResolutions>
      </scan:PlatenInputCaps></scan:Platen></scan:ScannerCapabilities>`)
    expect(caps).toMatchObject({
      makeAndModel: 'HP & Co',
      modes: ['color', 'gray'],
      resolutions: [100, 150, 200, 300, 400, 600],
      sources: ['Platen'],
      maxWidthMm: 216,
      maxHeightMm: 297,
      formats: ['image/jpeg'],
    })
    expect(
      parseStatus(
        '<a:ScannerStatus><pwg:State>Stopped</pwg:State><scan:AdfState>ScannerAdfJam</scan:AdfState></a:ScannerStatus>',
      ),
    ).toEqual({
      state: 'Stopped',
      adfState: 'ScannerAdfJam',
    })
  })

  it('writes eSCL scan settings with resolution, colour mode and region', () => {
    const xml = scanSettings({
      dpi: 300,
      mode: 'gray',
      source: 'Platen',
      format: 'image/jpeg',
      widthMm: 150,
      heightMm: 110,
    })
    expect(text(xml, 'XResolution')).toBe('300')
    expect(text(xml, 'ColorMode')).toBe('Grayscale8')
    expect(text(xml, 'InputSource')).toBe('Platen')
    expect(text(xml, 'Width')).toBe('1772')
  })

  it.each([
    ['sane:test:0', 'sane', 'test:0'],
    ['escl:http://10.0.0.5/eSCL', 'escl', 'http://10.0.0.5/eSCL'],
    ['folder:/var/spool/reader', 'folder', '/var/spool/reader'],
  ])('splits %s', (id, driver, address) => {
    expect(splitId(id)).toEqual({ driver, address })
  })

  it('refuses a device id without a driver', () => {
    expect(() => splitId('test0')).toThrow(/no driver prefix/)
  })
})
