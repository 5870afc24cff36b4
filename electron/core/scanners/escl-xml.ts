/**
 * The few eSCL (Mopria/AirScan) XML documents the driver reads and writes. The schemas are small,
 * fixed and namespaced by convention (scan:, pwg:); reading elements by local name with a regular
 * expression is enough and avoids an XML dependency for three documents. Text is unescaped; values
 * are validated where used.
 */
import { COMMON_DPI, type ScanMode, type ScannerCapabilities } from './scanner-driver'

export const NS_SCAN = 'http://schemas.hp.com/imaging/escl/2011/05/03'
export const NS_PWG = 'http://www.pwg.org/schemas/2010/12/sm'

/**
 * Inner text of every element with this local name, in document order. Linear in the document:
 * one lazy regex over the whole text took quadratic time on a device's answer full of opening tags
 * without closing ones (550 KB: 3.6 s of a frozen main thread), so each opening tag looks for its
 * closing tag once, and an opening tag with no closing tag after it ends the search.
 */
export function texts(xml: string, local: string): string[] {
  const open = new RegExp(`<(?:[\\w-]{1,64}:)?${local}\\b[^<>]{0,1024}>`, 'g')
  const close = new RegExp(`</(?:[\\w-]{1,64}:)?${local}>`, 'g')
  const out: string[] = []
  for (let m = open.exec(xml); m !== null; m = open.exec(xml)) {
    const start = m.index + m[0].length
    close.lastIndex = start
    const end = close.exec(xml)
    if (end === null) break
    out.push(unescape(xml.slice(start, end.index).trim()))
    open.lastIndex = close.lastIndex
  }
  return out
}

export const text = (xml: string, local: string): string | null => texts(xml, local)[0] ?? null

function unescape(s: string): string {
  return s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&')
}

const escape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** eSCL lengths are in 1/300 inch. */
const MM_PER_UNIT = 25.4 / 300

export function parseCapabilities(
  xml: string,
): ScannerCapabilities & { makeAndModel: string | null; formats: string[] } {
  const modes: ScanMode[] = []
  for (const m of texts(xml, 'ColorMode')) {
    if (m === 'RGB24' || m === 'RGB48') modes.push('color')
    if (m === 'Grayscale8' || m === 'Grayscale16') modes.push('gray')
  }
  const discrete = texts(xml, 'XResolution')
    .map(Number)
    .filter((n) => Number.isFinite(n) && n > 0)
  const min = Number(text(xml, 'Min') ?? NaN)
  const max = Number(text(xml, 'Max') ?? NaN)
  const ranged =
    Number.isFinite(min) && Number.isFinite(max)
      ? COMMON_DPI.filter((d) => d >= min && d <= max)
      : []
  const sources: string[] = []
  if (/<(?:[\w-]+:)?Platen\b/.test(xml)) sources.push('Platen')
  if (/<(?:[\w-]+:)?Adf\b/.test(xml)) sources.push('Feeder')
  const w = Number(text(xml, 'MaxWidth') ?? NaN)
  const h = Number(text(xml, 'MaxHeight') ?? NaN)
  return {
    resolutions: [...new Set([...discrete, ...ranged])].sort((a, b) => a - b),
    modes: [...new Set(modes)],
    sources,
    maxWidthMm: Number.isFinite(w) ? Math.round(w * MM_PER_UNIT) : null,
    maxHeightMm: Number.isFinite(h) ? Math.round(h * MM_PER_UNIT) : null,
    makeAndModel: text(xml, 'MakeAndModel'),
    formats: [...new Set(texts(xml, 'DocumentFormat'))],
  }
}

export interface EsclStatus {
  /** Idle, Processing, Testing, Stopped, Down */
  state: string | null
  /** e.g. ScannerAdfJam, ScannerAdfEmpty, ScannerAdfHatchOpen, ScannerAdfLoaded */
  adfState: string | null
}

export function parseStatus(xml: string): EsclStatus {
  return { state: text(xml, 'State'), adfState: text(xml, 'AdfState') }
}

export function scanSettings(o: {
  dpi: number
  mode: ScanMode
  source: string
  format: string
  widthMm: number | null
  heightMm: number | null
}): string {
  const region =
    o.widthMm !== null && o.heightMm !== null
      ? `
  <pwg:ScanRegions>
    <pwg:ScanRegion>
      <pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>
      <pwg:XOffset>0</pwg:XOffset>
      <pwg:YOffset>0</pwg:YOffset>
      <pwg:Width>${Math.round(o.widthMm / MM_PER_UNIT)}</pwg:Width>
      <pwg:Height>${Math.round(o.heightMm / MM_PER_UNIT)}</pwg:Height>
    </pwg:ScanRegion>
  </pwg:ScanRegions>`
      : ''
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="${NS_SCAN}" xmlns:pwg="${NS_PWG}">
  <pwg:Version>2.0</pwg:Version>${region}
  <pwg:InputSource>${escape(o.source)}</pwg:InputSource>
  <scan:ColorMode>${o.mode === 'color' ? 'RGB24' : 'Grayscale8'}</scan:ColorMode>
  <scan:XResolution>${o.dpi}</scan:XResolution>
  <scan:YResolution>${o.dpi}</scan:YResolution>
  <pwg:DocumentFormat>${escape(o.format)}</pwg:DocumentFormat>
  <scan:DocumentFormatExt>${escape(o.format)}</scan:DocumentFormatExt>
</scan:ScanSettings>
`
}
