import { describe, expect, it } from 'vitest'
import { documentOutline } from '../../../electron/shared/documents/document-outline'
import {
  colourfulness,
  glareSpots,
  laplacianVariance,
  screenPeak,
  textLines,
} from '../../../electron/shared/documents/image-measures'

/** A gray frame: dark desk, optionally a light card with lines of "letters" on it. */
function frame(
  w: number,
  h: number,
  card: { x: number; y: number; cw: number; ch: number } | null,
): Uint8Array {
  const g = new Uint8Array(w * h).fill(40)
  if (card === null) return g
  for (let y = card.y; y < card.y + card.ch; y++) {
    for (let x = card.x; x < card.x + card.cw; x++) g[y * w + x] = 220
  }
  // rows of letter-like marks of varying width
  for (let row = 0; row < 6; row++) {
    const y0 = card.y + 12 + row * 14
    for (let k = 0; k < 14; k++) {
      const x0 = card.x + 10 + k * 12
      const lw = 3 + ((k * 7) % 5)
      for (let y = y0; y < y0 + 8; y++) for (let x = x0; x < x0 + lw; x++) g[y * w + x] = 30
    }
  }
  return g
}

describe('document outline', () => {
  it('finds a card filling most of the frame, with a card aspect', () => {
    const o = documentOutline(frame(320, 240, { x: 20, y: 30, cw: 280, ch: 176 }), 320, 240)
    expect(o).not.toBeNull()
    expect(o!.fill).toBeGreaterThan(0.6)
    expect(o!.fill).toBeLessThan(0.75)
    expect(o!.aspect).toBeGreaterThan(1.45)
    expect(o!.aspect).toBeLessThan(1.7)
  })
  it('sees a small card as a small fill', () => {
    const o = documentOutline(frame(320, 240, { x: 100, y: 80, cw: 120, ch: 76 }), 320, 240)
    expect(o!.fill).toBeLessThan(0.2)
  })
  it('finds nothing on an empty desk', () => {
    expect(documentOutline(frame(320, 240, null), 320, 240)).toBeNull()
  })
})

describe('pixel measures', () => {
  it('sharpness: edges score high, a flat or smoothed image low', () => {
    const sharp = frame(200, 150, { x: 10, y: 10, cw: 180, ch: 130 })
    expect(laplacianVariance(sharp, 200, 150)).toBeGreaterThan(500)
    expect(laplacianVariance(new Uint8Array(200 * 150).fill(128), 200, 150)).toBe(0)
  })

  it('colourfulness: 0 for gray pixels, high for colour', () => {
    const gray = { data: new Uint8Array(300).fill(120), width: 10, height: 10, channels: 3 }
    const rgb = new Uint8Array(300)
    for (let i = 0; i < 100; i++) rgb.set(i % 2 === 0 ? [200, 40, 40] : [40, 60, 200], i * 3)
    expect(colourfulness(gray)).toBe(0)
    expect(colourfulness({ data: rgb, width: 10, height: 10, channels: 3 })).toBeGreaterThan(50)
  })

  it('text lines: letter rows count, a regular grid does not', () => {
    const w = 400
    const h = 300
    const text = frame(w, h, { x: 20, y: 20, cw: 360, ch: 260 })
    const ink = text.map((v) => (v < 100 ? 1 : 0))
    // the desk around the card is dark too: only the card's marks are character-sized
    expect(textLines(ink, w, h)).toBeGreaterThanOrEqual(5)
    const grid = new Uint8Array(w * h)
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) grid[y * w + x] = x % 12 < 6 && y % 14 < 8 ? 1 : 0
    }
    expect(textLines(grid, w, h)).toBe(0)
  })

  it('screen peak: a tilted colour grating stands out, plain noise does not', () => {
    const n = 128
    const noise = new Uint8Array(n * n * 3)
    let seed = 7
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff) * 255
    for (let i = 0; i < noise.length; i++) noise[i] = rnd()
    const grating = new Uint8Array(n * n * 3)
    for (let y = 0; y < n; y++) {
      for (let x = 0; x < n; x++) {
        const p = ((x * Math.cos(0.3) + y * Math.sin(0.3)) * 2 * Math.PI) / 5
        for (let c = 0; c < 3; c++) {
          grating[(y * n + x) * 3 + c] = 128 + 60 * Math.sin(p + (c * 2 * Math.PI) / 3)
        }
      }
    }
    expect(screenPeak({ data: noise, width: n, height: n, channels: 3 }, n)).toBeLessThan(50)
    expect(screenPeak({ data: grating, width: n, height: n, channels: 3 }, n)).toBeGreaterThan(1000)
  })

  it('glare: a clipped disc with a fading halo is a round spot', () => {
    const w = 300
    const h = 200
    const g = new Uint8Array(w * h).fill(120)
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const d = Math.hypot(x - 150, y - 100)
        g[y * w + x] = d < 20 ? 255 : d < 40 ? Math.round(255 - ((d - 20) / 20) * 135) : 120
      }
    }
    const spots = glareSpots(g, w, h)
    expect(spots).toHaveLength(1)
    expect(spots[0]!.roundness).toBeGreaterThan(0.8)
    expect(spots[0]!.halo).toBeGreaterThan(20)
  })
})
