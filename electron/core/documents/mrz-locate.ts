/**
 * Finds the machine-readable zone on a document image: two or three long, evenly pitched text
 * lines at the bottom of the page, each 30, 36 or 44 monospaced OCR-B characters wide (ICAO 9303
 * TD1/TD2/TD3). Works on an ink mask, row by row: a text line is a band of rows in which the ink,
 * with character gaps bridged, runs almost the whole line length.
 */
import type { GrayImage } from './gray-image'

export interface MrzBand {
  top: number
  bottom: number
  left: number
  right: number
}

export interface MrzLocation {
  /** Lines top to bottom, in the coordinates of the image that was searched. */
  lines: MrzBand[]
  /** Characters per line implied by the line count and the band shape. */
  format: 'TD1' | 'TD2' | 'TD3'
}

/** A line's length in character heights: OCR-B at 10 cpi is about as wide per glyph as it is tall. */
const MIN_ASPECT = 18
const MAX_ASPECT = 70

export function locateMrz(
  mask: Uint8Array,
  img: Pick<GrayImage, 'width' | 'height'>,
): MrzLocation | null {
  const bands = textBands(mask, img)
  // Search from the bottom: the MRZ is the last text of the page, below everything else.
  for (let end = bands.length; end >= 2; end--) {
    for (const count of [3, 2]) {
      const group = bands.slice(end - count, end)
      if (group.length === count && isMrzGroup(group)) {
        const format = count === 3 ? 'TD1' : guessTwoLineFormat(group)
        return { lines: group, format }
      }
    }
  }
  return null
}

/** Text lines long enough to be an MRZ line, top to bottom. */
export function textBands(mask: Uint8Array, img: Pick<GrayImage, 'width' | 'height'>): MrzBand[] {
  const { width: w, height: h } = img
  const gap = Math.max(3, Math.round(w * 0.03))
  const minRun = Math.round(w * 0.25)
  const rows: ({ start: number; end: number } | null)[] = []
  for (let y = 0; y < h; y++) rows.push(longestRun(mask, y * w, w, gap, minRun))

  const bands: MrzBand[] = []
  let y = 0
  while (y < h) {
    if (rows[y] === null) {
      y++
      continue
    }
    const top = y
    let left = Infinity
    let right = -Infinity
    while (y < h && rows[y] !== null) {
      const r = rows[y]!
      left = Math.min(left, r.start)
      right = Math.max(right, r.end)
      y++
    }
    const bottom = y - 1
    const height = bottom - top + 1
    if (height >= 4) bands.push(refine(mask, w, { top, bottom, left, right }, gap))
  }
  return bands.filter((b) => {
    const aspect = (b.right - b.left + 1) / (b.bottom - b.top + 1)
    return aspect >= MIN_ASPECT && aspect <= MAX_ASPECT
  })
}

/** The longest horizontal ink run in one row once gaps of at most `gap` pixels are bridged. */
function longestRun(
  mask: Uint8Array,
  offset: number,
  w: number,
  gap: number,
  minRun: number,
): { start: number; end: number } | null {
  let best: { start: number; end: number } | null = null
  let start = -1
  let last = -1
  for (let x = 0; x < w; x++) {
    if (mask[offset + x] !== 1) continue
    if (start < 0 || x - last > gap) {
      if (
        start >= 0 &&
        last - start + 1 >= minRun &&
        (best === null || last - start > best.end - best.start)
      ) {
        best = { start, end: last }
      }
      start = x
    }
    last = x
  }
  if (
    start >= 0 &&
    last - start + 1 >= minRun &&
    (best === null || last - start > best.end - best.start)
  ) {
    best = { start, end: last }
  }
  return best
}

/**
 * Tightens a band to its ink: rows whose bridged run is long include the tops of the characters,
 * but a band can also have picked up a stray mark; keep the rows where the line's own ink is.
 */
function refine(mask: Uint8Array, w: number, b: MrzBand, _gap: number): MrzBand {
  const rowInk: number[] = []
  for (let y = b.top; y <= b.bottom; y++) {
    let n = 0
    for (let x = b.left; x <= b.right; x++) n += mask[y * w + x] ?? 0
    rowInk.push(n)
  }
  const peak = Math.max(...rowInk)
  let top = 0
  let bottom = rowInk.length - 1
  while (top < bottom && (rowInk[top] ?? 0) < peak * 0.08) top++
  while (bottom > top && (rowInk[bottom] ?? 0) < peak * 0.08) bottom--
  return { ...b, top: b.top + top, bottom: b.top + bottom }
}

function isMrzGroup(group: MrzBand[]): boolean {
  const heights = group.map((b) => b.bottom - b.top + 1)
  const hMax = Math.max(...heights)
  const hMin = Math.min(...heights)
  if (hMin < hMax * 0.6) return false
  const lefts = group.map((b) => b.left)
  const rights = group.map((b) => b.right)
  // Every MRZ line has the same length; the last characters may be short '<' glyphs, hence slack.
  const tol = hMax * 2.5
  if (Math.max(...lefts) - Math.min(...lefts) > tol) return false
  if (Math.max(...rights) - Math.min(...rights) > tol) return false
  for (let i = 1; i < group.length; i++) {
    const pitch = group[i]!.top - group[i - 1]!.top
    if (pitch < hMax * 1.15 || pitch > hMax * 3.2) return false
  }
  return true
}

/** TD2 lines are 36 characters, TD3 44: the band's length in character heights tells them apart. */
function guessTwoLineFormat(group: MrzBand[]): 'TD2' | 'TD3' {
  const aspects = group.map((b) => (b.right - b.left + 1) / (b.bottom - b.top + 1))
  const aspect = Math.max(...aspects)
  return aspect >= 40 ? 'TD3' : 'TD2'
}
