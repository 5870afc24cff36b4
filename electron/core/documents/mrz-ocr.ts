/**
 * The OCR engine for MRZ glyphs: tesseract.js with the `eng` LSTM model that ships in the
 * @tesseract.js-data/eng npm package, loaded from disk (no download, no cache written). Chosen
 * because it is the maintained offline OCR for Node with no native build; the MRZ-specific work
 * (finding the zone, cutting cells, the filler, check digits) is done around it.
 * One worker per process, created on first use, reused, and terminated by `close()`.
 */
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { createWorker, PSM, type Worker } from 'tesseract.js'
import { AppError } from '../../shared/contract/result'

export interface OcrSymbol {
  text: string
  /** 0–100, tesseract's own confidence. */
  confidence: number
  x0: number
  y0: number
  x1: number
  y1: number
}

export interface MrzOcr {
  /** Reads a black-on-white PNG holding only characters from `whitelist`. */
  recognize(png: Buffer, whitelist: string): Promise<OcrSymbol[]>
  close(): Promise<void>
}

/** The trained data directory inside node_modules (the "best_int" model: accurate, integer-fast). */
export function tesseractLangPath(): string {
  const require = createRequire(import.meta.url)
  const pkg = require.resolve('@tesseract.js-data/eng/package.json')
  const dir = join(dirname(pkg), '4.0.0_best_int')
  if (!existsSync(join(dir, 'eng.traineddata.gz'))) {
    throw new AppError(
      'models_missing',
      `OCR data missing: ${join(dir, 'eng.traineddata.gz')} (reinstall @tesseract.js-data/eng)`,
    )
  }
  return dir
}

/** Starts a ready tesseract worker; `createMrzOcr` takes another one in tests. */
export type StartOcrWorker = () => Promise<Worker>

async function startTesseract(): Promise<Worker> {
  const w = await createWorker('eng', 1, {
    langPath: tesseractLangPath(),
    gzip: true,
    cacheMethod: 'none',
    errorHandler: () => undefined,
  })
  try {
    // Our images are rendered at a known scale; telling tesseract so silences its DPI guess.
    await w.setParameters({
      tessedit_pageseg_mode: PSM.SINGLE_BLOCK,
      user_defined_dpi: '300',
    })
  } catch (err) {
    // A failed start is retried by the next call; do not leave this worker's thread behind.
    await w.terminate()
    throw err
  }
  return w
}

export function createMrzOcr(startWorker: StartOcrWorker = startTesseract): MrzOcr {
  let worker: Promise<Worker> | null = null
  let queue: Promise<unknown> = Promise.resolve()
  let whitelistSet: string | null = null

  const start = (): Promise<Worker> => {
    if (worker === null) {
      const starting = startWorker()
      worker = starting
      // A failed start must not stick for the life of the core: forget it so the next call
      // tries again (a success stays cached and is reused).
      starting.catch(() => {
        if (worker === starting) worker = null
      })
    }
    return worker
  }

  async function run(png: Buffer, whitelist: string): Promise<OcrSymbol[]> {
    const w = await start()
    if (whitelistSet !== whitelist) {
      await w.setParameters({ tessedit_char_whitelist: whitelist })
      whitelistSet = whitelist
    }
    const { data } = await w.recognize(png, {}, { blocks: true, text: false })
    const out: OcrSymbol[] = []
    for (const block of data.blocks ?? []) {
      for (const para of block.paragraphs) {
        for (const line of para.lines) {
          for (const word of line.words) {
            for (const s of word.symbols) {
              out.push({ text: s.text, confidence: s.confidence, ...s.bbox })
            }
          }
        }
      }
    }
    return out
  }

  return {
    // tesseract workers run one job at a time; chain calls so concurrent checks never interleave
    // parameter changes with another caller's recognition.
    recognize(png, whitelist) {
      const next = queue.then(() => run(png, whitelist))
      queue = next.catch(() => undefined)
      return next
    },
    async close() {
      const w = worker
      worker = null
      whitelistSet = null
      // A start that failed has no worker to terminate.
      const started = await w?.catch(() => null)
      await started?.terminate()
    },
  }
}
