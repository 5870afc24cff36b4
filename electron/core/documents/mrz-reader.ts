/**
 * Reads the MRZ of a document image: locate the zone, cut each line into its fixed cells, tell
 * the filler '<' by shape, then OCR the remaining glyphs in three passes — digits-only, letters-
 * only and letters-or-digits positions, each with its own whitelist — so that the OCR never has
 * to choose between O and 0 where the layout already knows the answer. The check digits then
 * settle what is left (mrz-repair.policy).
 */
import sharp from 'sharp'
import { charClass, MRZ_SHAPES, type MrzFormat } from '../../shared/documents/mrz-layout'
import { repairMrz, UNREAD, type Repair } from '../../shared/documents/mrz-repair.policy'
import { grayAt, inkMask, type GrayImage } from './gray-image'
import { binarize, fitCells, type LineCells } from './mrz-cells'
import { locateMrz, type MrzBand } from './mrz-locate'
import type { MrzOcr, OcrSymbol } from './mrz-ocr'

export interface MrzRead {
  format: MrzFormat
  /** As the OCR saw them ('?' where a cell held no legible glyph). */
  raw: string[]
  /** After class coercion and check-digit repair. */
  lines: string[]
  repairs: Repair[]
  /** Mean per-character confidence, 0–1 (the filler's shape test counts as certain). */
  confidence: number
  /** Per character, 0–1, aligned with `lines`. */
  charConfidence: number[][]
  /** Where the zone is in the input image, in its pixels. */
  box: { left: number; top: number; width: number; height: number }
  /** Clockwise rotation (degrees) that made the zone readable: 0 or 180. */
  rotation: 0 | 180
}

/** Width the zone is searched at; about 20 px per MRZ character height on a full page. */
const SEARCH_WIDTH = 1000
/** Character height the OCR sees: tesseract is most accurate around 30–40 px capitals. */
const OCR_CAP = 40
const PAD = 24

const WHITELISTS = {
  digit: '0123456789',
  alpha: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  alnum: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
} as const

/** The ink mask the zone search uses; exported so other checks can reuse the same pass. */
export const searchInk = (search: GrayImage): Uint8Array => inkMask(search, 12)

/** Where the zone is, found on a search image (width SEARCH_WIDTH) of an upright image. */
export interface MrzZone {
  bands: MrzBand[]
  /** Source pixels per search-image pixel. */
  scale: number
  /** The upright source image's size. */
  width: number
  height: number
}

/** Reads the MRZ; tries the image as given, then upside down (a page laid on a scanner wrongly). */
export async function readMrz(input: Buffer, ocr: MrzOcr): Promise<MrzRead | null> {
  for (const rotation of [0, 180] as const) {
    const image = rotation === 0 ? input : await sharp(input).rotate().rotate(180).png().toBuffer()
    const search = await searchImage(image)
    if (search === null) continue
    const zone = findMrz(search.gray, search.width, search.height)
    if (zone === null) continue
    const read = await readZone(image, zone, ocr)
    if (read !== null) return { ...read, rotation }
  }
  return null
}

/** The upright image as luma at SEARCH_WIDTH (enlarged when smaller), with its true size. */
export async function searchImage(
  image: Buffer,
): Promise<{ gray: GrayImage; width: number; height: number } | null> {
  const meta = await sharp(image).metadata()
  const swap = (meta.orientation ?? 1) >= 5
  const width = (swap ? meta.height : meta.width) ?? 0
  const height = (swap ? meta.width : meta.height) ?? 0
  if (width < 32 || height < 32) return null
  return { gray: await grayAt(image, { width: SEARCH_WIDTH }), width, height }
}

export function findMrz(
  search: GrayImage,
  width: number,
  height: number,
  ink: Uint8Array = searchInk(search),
): MrzZone | null {
  const loc = locateMrz(ink, search)
  if (loc === null) return null
  return { bands: loc.lines, scale: width / search.width, width, height }
}

export { SEARCH_WIDTH }

interface LineImage {
  gray: GrayImage
  ink: Uint8Array
  cells: LineCells
}

/**
 * Decodes the zone once, at the scale that makes its capitals OCR_CAP pixels tall, and cuts it
 * into one strip per line. The 'value' channel keeps black ink dark on coloured security print.
 */
export async function readZone(
  image: Buffer,
  zone: MrzZone,
  ocr: MrzOcr,
): Promise<Omit<MrzRead, 'rotation'> | null> {
  const { bands, scale } = zone
  const left = Math.min(...bands.map((b) => b.left))
  const right = Math.max(...bands.map((b) => b.right))
  const capH = bands.reduce((a, b) => a + (b.bottom - b.top + 1), 0) / bands.length
  const x0 = Math.max(0, Math.floor((left - 1.5 * capH) * scale))
  const y0 = Math.max(0, Math.floor((bands[0]!.top - 0.3 * capH) * scale))
  const x1 = Math.min(zone.width, Math.ceil((right + 1.5 * capH) * scale))
  const y1 = Math.min(zone.height, Math.ceil((bands.at(-1)!.bottom + 0.3 * capH) * scale))
  const region = { left: x0, top: y0, width: x1 - x0, height: y1 - y0 }
  if (region.width < 8 || region.height < 4) return null
  const zoom = OCR_CAP / (capH * scale)
  const zoneImg = await grayAt(sharp(image).rotate().extract(region), {
    width: Math.max(1, Math.round(region.width * zoom)),
    channel: 'value',
  })
  const k = zoneImg.width / region.width
  const crops = bands.map((b) => {
    const h = b.bottom - b.top + 1
    const top = Math.max(0, Math.floor(((b.top - 0.3 * h) * scale - y0) * k))
    const bottom = Math.min(zoneImg.height, Math.ceil(((b.bottom + 0.3 * h) * scale - y0) * k))
    const w = zoneImg.width
    const gray: GrayImage = {
      data: zoneImg.data.slice(top * w, bottom * w),
      width: w,
      height: bottom - top,
    }
    return { gray, ink: binarize(gray) }
  })
  const format = chooseFormat(crops)
  if (format === null) return null
  const lines: LineImage[] = format.cells.map((cells, i) => ({ ...crops[i]!, cells }))

  const chars = lines.map((l) => l.cells.cells.map((c): string => (c.filler ? '<' : UNREAD)))
  // -1: nothing read yet. tesseract reports confidence 0 for some correct symbols (often a word's
  // first), so 0 must still beat "nothing".
  const conf = lines.map((l) => l.cells.cells.map((c): number => (c.filler ? 1 : -1)))
  // Pass 1 at the natural spacing; pass 2 re-reads, spread apart, the cells pass 1 left empty or
  // covered with one over-wide symbol (two glyphs merged into one).
  const todo = lines.map((l) => l.cells.cells.map((c) => !c.filler && c.box !== null))
  for (const spread of [1, SPREAD]) {
    for (const cls of ['digit', 'alpha', 'alnum'] as const) {
      const wanted = (li: number, k: number) =>
        todo[li]![k] === true && charClass(format.format, li, k) === cls
      const page = render(lines, wanted, spread)
      if (page === null) continue
      const symbols = await ocr.recognize(await page.png, WHITELISTS[cls])
      assign(symbols, page, lines, (li, k, s, width) => {
        if (!wanted(li, k)) return
        // At natural spacing a symbol wider than a cell is two glyphs merged: leave both for pass 2.
        if (spread === 1 && width > 1.35 * page.slots[li]!) return
        if (s.confidence / 100 > (conf[li]![k] ?? -1)) {
          chars[li]![k] = s.text
          conf[li]![k] = s.confidence / 100
        }
      })
    }
    for (let li = 0; li < lines.length; li++) {
      for (let k = 0; k < todo[li]!.length; k++) if ((conf[li]![k] ?? -1) >= 0) todo[li]![k] = false
    }
    if (todo.every((row) => row.every((t) => !t))) break
  }
  const raw = chars.map((c) => c.join(''))
  const repaired = repairMrz(format.format, raw)
  const all = conf.flat().map((c) => Math.max(0, c))
  const box = region
  return {
    format: format.format,
    raw,
    lines: repaired.lines,
    repairs: repaired.repairs,
    confidence: all.reduce((a, b) => a + b, 0) / Math.max(1, all.length),
    charConfidence: conf.map((l) => l.map((c) => Math.max(0, c))),
    box,
  }
}

/** The layout whose cell grid explains the glyphs of every line best. */
function chooseFormat(
  crops: { gray: GrayImage; ink: Uint8Array }[],
): { format: MrzFormat; cells: LineCells[] } | null {
  const candidates = (['TD1', 'TD2', 'TD3'] as const).filter(
    (f) => MRZ_SHAPES[f].lines === crops.length,
  )
  let best: { format: MrzFormat; cells: LineCells[]; score: number } | null = null
  for (const format of candidates) {
    const fits = crops.map((c) => fitCells(c.ink, c.gray, MRZ_SHAPES[format].length))
    if (fits.some((f) => f === null)) continue
    const cells = fits as (LineCells & { score: number })[]
    const score = cells.reduce((a, c) => a + c.score, 0)
    if (best === null || score > best.score) best = { format, cells, score }
  }
  return best
}

/**
 * A clean black-on-white page holding only the glyphs of the chosen cells, one strip per line,
 * packed side by side in slots `spread` times the pitch wide. Packed, because tesseract reads a
 * lone glyph poorly (an isolated check digit 7 came back as 4) and a run of glyphs well; spread
 * apart on the second pass, because at the natural spacing it sometimes merges two neighbours
 * into one wide symbol. `cellOf[line][slot]` maps a slot back to its MRZ cell.
 */
const SPREAD = 1.6

interface Page {
  png: Promise<Buffer>
  offsets: number[]
  slots: number[]
  cellOf: number[][]
}

function render(
  lines: LineImage[],
  wanted: (line: number, cell: number) => boolean,
  spread: number,
): Page | null {
  const slots = lines.map((l) => l.cells.pitch * spread)
  const cellOf = lines.map((l, li) =>
    l.cells.cells.flatMap((cell, k) =>
      cell.box !== null && !cell.filler && wanted(li, k) ? [k] : [],
    ),
  )
  if (cellOf.every((c) => c.length === 0)) return null
  const width = Math.ceil(Math.max(...cellOf.map((c, li) => c.length * slots[li]!))) + 2 * PAD
  const offsets: number[] = []
  let height = PAD
  for (const l of lines) {
    offsets.push(height)
    height += l.gray.height + PAD
  }
  const page = Buffer.alloc(width * height, 255)
  lines.forEach((l, li) => {
    cellOf[li]!.forEach((k, slot) => {
      const { x0, x1, y0, y1 } = l.cells.cells[k]!.box!
      const dx = Math.round(PAD + (slot + 0.5) * slots[li]! - (x0 + x1 + 1) / 2)
      for (let y = y0; y <= y1; y++) {
        for (let x = x0; x <= x1; x++) {
          const px = x + dx
          if (px >= 0 && px < width && l.ink[y * l.gray.width + x] === 1) {
            page[(offsets[li]! + y) * width + px] = 0
          }
        }
      }
    })
  })
  return {
    png: sharp(page, { raw: { width, height, channels: 1 } })
      .png({ compressionLevel: 1 })
      .toBuffer(),
    offsets,
    slots,
    cellOf,
  }
}

function assign(
  symbols: OcrSymbol[],
  page: Page,
  lines: LineImage[],
  put: (line: number, cell: number, s: OcrSymbol, width: number) => void,
): void {
  for (const s of symbols) {
    if (s.text.length !== 1) continue
    const cy = (s.y0 + s.y1) / 2
    const li = page.offsets.findIndex((o, i) => cy >= o && cy < o + lines[i]!.gray.height)
    if (li < 0) continue
    const slot = Math.floor(((s.x0 + s.x1) / 2 - PAD) / page.slots[li]!)
    const k = page.cellOf[li]![slot]
    if (k !== undefined) put(li, k, s, s.x1 - s.x0 + 1)
  }
}
