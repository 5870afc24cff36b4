/**
 * Mean brightness (Rec. 601 luma, 0..255) of the face box, from a 64×48 copy of the frame: enough
 * to say "more light" and cheap (~0.2 ms) at camera rate.
 */
import type { RelBox } from '../../../electron/shared/liveness/observation'

const W = 64
const H = 48

export function createLumaSampler(): (source: CanvasImageSource, box?: RelBox) => number {
  const canvas = new OffscreenCanvas(W, H)
  const ctx = canvas.getContext('2d', { willReadFrequently: true })
  return (source, box) => {
    if (ctx === null) return 128
    ctx.drawImage(source, 0, 0, W, H)
    const x = box === undefined ? 0 : clampInt(box.x * W, 0, W - 1)
    const y = box === undefined ? 0 : clampInt(box.y * H, 0, H - 1)
    const w = box === undefined ? W : clampInt(box.width * W, 1, W - x)
    const h = box === undefined ? H : clampInt(box.height * H, 1, H - y)
    const px = ctx.getImageData(x, y, w, h).data
    let sum = 0
    for (let i = 0; i < px.length; i += 4) {
      sum += 0.299 * (px[i] ?? 0) + 0.587 * (px[i + 1] ?? 0) + 0.114 * (px[i + 2] ?? 0)
    }
    return sum / (px.length / 4)
  }
}

const clampInt = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(v)))
