import type { Worker } from 'tesseract.js'
import { describe, expect, it, vi } from 'vitest'
import { createMrzOcr } from '../../../electron/core/documents/mrz-ocr'

/** A stand-in worker that reads one symbol, 'A', from any image. */
function fakeWorker() {
  const symbol = { text: 'A', confidence: 90, bbox: { x0: 1, y0: 2, x1: 3, y1: 4 } }
  const page = { blocks: [{ paragraphs: [{ lines: [{ words: [{ symbols: [symbol] }] }] }] }] }
  const worker = {
    setParameters: vi.fn(() => Promise.resolve()),
    recognize: vi.fn(() => Promise.resolve({ data: page })),
    terminate: vi.fn(() => Promise.resolve()),
  }
  return { worker, asWorker: worker as unknown as Worker }
}

const PNG = Buffer.from('not read by the fake')
const A = [{ text: 'A', confidence: 90, x0: 1, y0: 2, x1: 3, y1: 4 }]

describe('MRZ OCR worker lifetime', () => {
  it('retries a failed worker start on the next call, then reuses the worker', async () => {
    const { worker, asWorker } = fakeWorker()
    const start = vi
      .fn<() => Promise<Worker>>()
      .mockRejectedValueOnce(new Error('trained data missing'))
      .mockResolvedValue(asWorker)
    const ocr = createMrzOcr(start)

    await expect(ocr.recognize(PNG, 'A')).rejects.toThrow('trained data missing')
    await expect(ocr.recognize(PNG, 'A')).resolves.toEqual(A)
    await expect(ocr.recognize(PNG, 'A')).resolves.toEqual(A)
    expect(start).toHaveBeenCalledTimes(2)
    expect(worker.recognize).toHaveBeenCalledTimes(2)

    await ocr.close()
    expect(worker.terminate).toHaveBeenCalledTimes(1)
  })

  it('closes cleanly when the only start failed', async () => {
    const start = vi.fn(() => Promise.reject(new Error('no worker')))
    const ocr = createMrzOcr(start)
    await expect(ocr.recognize(PNG, 'A')).rejects.toThrow('no worker')
    await expect(ocr.close()).resolves.toBeUndefined()
  })
})
