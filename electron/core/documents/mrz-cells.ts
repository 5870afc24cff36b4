/**
 * Splits one located MRZ line into its fixed character cells. OCR-B in the MRZ is monospaced, so
 * once the glyphs' positions give the pitch, every one of the 30, 36 or 44 cells is fixed; a
 * glyph that general-purpose OCR drops or doubles can then be neither lost nor invented.
 * The filler '<' is recognised here by its shape (a chevron: one point on the left, two arm ends
 * on the right, no stem), which is far more reliable than OCR, which reads it as K, L or C.
 */
import { components, type Box, type Component } from '../../shared/documents/blobs'
import type { GrayImage } from './gray-image'

export type { Box }
export { binarize, otsu } from '../../shared/documents/blobs'

export interface Cell {
  /** Where the cell's glyph is, in the line image (null: no ink in this cell). */
  box: Box | null
  filler: boolean
}

export interface LineCells {
  count: number
  pitch: number
  /** Centre x of cell 0. */
  origin: number
  cells: Cell[]
  capTop: number
  capBottom: number
}

/**
 * Glyph-sized components: as tall as a good fraction of the line, not wider than two glyphs.
 * Background texture gives specks; a neighbouring line's descenders give short wide strips.
 */
function glyphs(
  blobs: Component[],
  h: number,
): { glyphs: Component[]; capTop: number; capBottom: number } {
  const tall = blobs.filter((b) => b.y1 - b.y0 + 1 >= h * 0.3)
  const heights = tall.map((b) => b.y1 - b.y0 + 1).sort((a, b) => a - b)
  const cap = heights[Math.floor(heights.length * 0.75)] ?? h
  const keep = tall.filter((b) => {
    const bh = b.y1 - b.y0 + 1
    return bh >= cap * 0.55 && bh <= cap * 1.35 && b.x1 - b.x0 + 1 <= cap * 2.2
  })
  const tops = keep.map((b) => b.y0).sort((a, b) => a - b)
  const bottoms = keep.map((b) => b.y1).sort((a, b) => a - b)
  return {
    glyphs: keep.sort((a, b) => a.x0 - b.x0),
    capTop: tops[Math.floor(tops.length / 2)] ?? 0,
    capBottom: bottoms[Math.floor(bottoms.length / 2)] ?? h - 1,
  }
}

/**
 * Fits a monospaced grid of `count` cells to the glyph centres and assigns each glyph to its cell.
 * `score` says how well the grid explains the glyphs; the caller compares it across the line
 * lengths the layout allows.
 */
export function fitCells(
  ink: Uint8Array,
  img: Pick<GrayImage, 'width' | 'height'>,
  count: number,
): (LineCells & { score: number }) | null {
  const { width: w, height: h } = img
  const found = glyphs(components(ink, w, h), h)
  const gs = found.glyphs
  if (gs.length < count * 0.5) return null
  const centres = gs.map((g) => (g.x0 + g.x1) / 2)
  const pitch0 = basePitch(centres)
  if (pitch0 === null) return null
  const fit = gridFor(centres, pitch0, count)
  if (fit === null) return null
  const { origin, pitch } = fit
  const cells: Cell[] = Array.from({ length: count }, () => ({ box: null, filler: false }))
  for (const g of gs) {
    // A wide component is two touching glyphs: give each cell it covers its own slice.
    const k0 = Math.round(((g.x0 + g.x1) / 2 - origin) / pitch)
    const span = Math.max(1, Math.round((g.x1 - g.x0 + 1) / pitch))
    for (let j = 0; j < span; j++) {
      const k = span === 1 ? k0 : Math.round((g.x0 + (j + 0.5) * pitch - origin) / pitch)
      if (k < 0 || k >= count) continue
      const slice =
        span === 1
          ? g
          : { ...g, x0: Math.round(g.x0 + j * pitch), x1: Math.round(g.x0 + (j + 1) * pitch - 1) }
      const cell = cells[k]!
      cell.box = cell.box === null ? slice : union(cell.box, slice)
    }
  }
  for (const cell of cells) {
    if (cell.box !== null) cell.filler = isFiller(ink, w, cell.box, found.capTop, found.capBottom)
  }
  return {
    count,
    pitch,
    origin,
    cells,
    capTop: found.capTop,
    capBottom: found.capBottom,
    score: fit.score,
  }
}

/** The spacing most neighbouring glyph centres share: the character pitch. */
function basePitch(centres: number[]): number | null {
  const d: number[] = []
  for (let i = 1; i < centres.length; i++) d.push(centres[i]! - centres[i - 1]!)
  if (d.length < 3) return null
  const sorted = [...d].sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]!
  const near = d.filter((x) => Math.abs(x - median) < median * 0.25)
  return near.reduce((a, b) => a + b, 0) / near.length
}

/**
 * Least-squares pitch and origin for `count` cells, choosing which run of glyphs is the line
 * when stray marks sit beyond its ends. Score: glyphs explained minus misfit.
 */
function gridFor(
  centres: number[],
  pitch0: number,
  count: number,
): { origin: number; pitch: number; score: number } | null {
  let best: { origin: number; pitch: number; score: number } | null = null
  for (let first = 0; first < Math.min(centres.length, 6); first++) {
    const c0 = centres[first]!
    const ks = centres.map((c) => Math.round((c - c0) / pitch0))
    const inside = centres.map((c, i) => ({ c, k: ks[i]! })).filter((p) => p.k >= 0 && p.k < count)
    if (inside.length < 2) continue
    // Refine by least squares on (k, centre).
    const n = inside.length
    const sk = inside.reduce((a, p) => a + p.k, 0)
    const sc = inside.reduce((a, p) => a + p.c, 0)
    const skk = inside.reduce((a, p) => a + p.k * p.k, 0)
    const skc = inside.reduce((a, p) => a + p.k * p.c, 0)
    const den = n * skk - sk * sk
    const pitch = den === 0 ? pitch0 : (n * skc - sk * sc) / den
    const origin = (sc - pitch * sk) / n
    const misfit = inside.reduce((a, p) => a + Math.abs(p.c - (origin + p.k * pitch)), 0) / n
    const covered = new Set(inside.map((p) => p.k)).size
    const lastK = Math.max(...inside.map((p) => p.k))
    // A line must fill its cells to the end: a count that leaves the last cells empty is wrong.
    const emptyTail = count - 1 - lastK
    const score = covered - emptyTail * 2 - (misfit / pitch) * 10
    if (best === null || score > best.score) best = { origin, pitch, score }
  }
  return best
}

function union(a: Box, b: Box): Box {
  return {
    x0: Math.min(a.x0, b.x0),
    y0: Math.min(a.y0, b.y0),
    x1: Math.max(a.x1, b.x1),
    y1: Math.max(a.y1, b.y1),
  }
}

/**
 * '<' in OCR-B: the leftmost quarter of the glyph holds only the chevron's point, near its
 * mid-height; the rightmost quarter holds the two arm ends, one high and one low, with nothing in
 * between. No letter or digit has both: K, L, E … have a full stem on the left, 4 a stem on the
 * right, 7 and 1 their ink at the top left. Heights are taken relative to the glyph's own box so
 * that a slightly skewed line does not move the point off the middle.
 */
export function isFiller(
  ink: Uint8Array,
  w: number,
  box: Box,
  capTop: number,
  capBottom: number,
): boolean {
  const cap = capBottom - capTop + 1
  const gw = box.x1 - box.x0 + 1
  const bh = box.y1 - box.y0 + 1
  if (gw < cap * 0.3 || bh < cap * 0.6) return false
  const quarter = Math.max(1, Math.round(gw * 0.25))
  const rowsWithInk = (x0: number, x1: number): number[] => {
    const rows: number[] = []
    for (let y = box.y0; y <= box.y1; y++) {
      for (let x = x0; x <= x1; x++) {
        if (ink[y * w + x] === 1) {
          rows.push(y)
          break
        }
      }
    }
    return rows
  }
  const left = rowsWithInk(box.x0, box.x0 + quarter - 1)
  const right = rowsWithInk(box.x1 - quarter + 1, box.x1)
  if (left.length === 0 || right.length === 0) return false
  const rel = (y: number) => (y - box.y0) / bh
  const leftSpan = (Math.max(...left) - Math.min(...left) + 1) / bh
  const leftMid = rel((Math.max(...left) + Math.min(...left)) / 2)
  if (leftSpan > 0.5 || leftMid < 0.3 || leftMid > 0.7) return false
  const high = right.some((y) => rel(y) < 0.25)
  const low = right.some((y) => rel(y) > 0.75)
  const middle = right.filter((y) => rel(y) > 0.4 && rel(y) < 0.6).length
  return high && low && middle <= Math.max(1, bh * 0.08)
}
