/**
 * Watched-folder import: passport and ID readers (and their vendor software) often just drop an
 * image file into a folder. A "scan" takes the oldest image already waiting there, or waits for
 * the next one; it is used only once the writer has finished (its size stopped changing), and is
 * then moved into `imported/` beside it so it is never taken twice and never lost.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { mkdir, readdir, readFile, rename, stat } from 'node:fs/promises'
import { watch } from 'node:fs'
import { basename, extname, join, resolve } from 'node:path'
import { AppError } from '../../shared/contract/result'
import {
  ScannerError,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
  type ScanResult,
} from './scanner-driver'

export interface FolderOptions {
  folders: string[]
  /** How long a scan waits for a file (default 60 s). */
  timeoutMs?: number
  /** A file counts as complete once its size is unchanged for this long (default 300 ms). */
  settleMs?: number
}

const IMAGE_EXT = new Map<string, ScanResult['mime']>([
  ['.jpg', 'image/jpeg'],
  ['.jpeg', 'image/jpeg'],
  ['.png', 'image/png'],
  ['.tif', 'image/tiff'],
  ['.tiff', 'image/tiff'],
])

export const IMPORTED_DIR = 'imported'

export function createFolderDriver(o: FolderOptions): ScannerDriver {
  const timeoutMs = o.timeoutMs ?? 60_000
  const settleMs = o.settleMs ?? 300

  async function oldestImage(dir: string): Promise<string | null> {
    const entries = await readdir(dir, { withFileTypes: true })
    const files = await Promise.all(
      entries
        .filter(
          (e) =>
            e.isFile() && IMAGE_EXT.has(extname(e.name).toLowerCase()) && !e.name.startsWith('.'),
        )
        .map(async (e) => ({
          path: join(dir, e.name),
          mtime: (await stat(join(dir, e.name))).mtimeMs,
        })),
    )
    files.sort((a, b) => a.mtime - b.mtime || a.path.localeCompare(b.path))
    return files[0]?.path ?? null
  }

  async function settled(file: string, signal: AbortSignal): Promise<void> {
    let last = -1
    for (;;) {
      const size = (await stat(file)).size
      if (size > 0 && size === last) return
      last = size
      await sleep(settleMs, undefined, { signal })
    }
  }

  return {
    kind: 'folder',
    list(): Promise<ScannerDevice[]> {
      return Promise.resolve(
        o.folders.map((f) => {
          const dir = resolve(f)
          return {
            id: `folder:${dir}`,
            driver: 'folder' as const,
            name: `watched folder ${basename(dir)}`,
            address: dir,
          }
        }),
      )
    },

    capabilities(): Promise<ScannerCapabilities> {
      // The reader decides resolution and colour; the folder only passes its files on.
      return Promise.resolve({
        resolutions: [],
        modes: [],
        sources: ['Folder'],
        maxWidthMm: null,
        maxHeightMm: null,
      })
    },

    async scan(id: string, req: ScanRequest): Promise<ScanResult> {
      const dir = resolve(id.startsWith('folder:') ? id.slice(7) : id)
      try {
        if (!(await stat(dir)).isDirectory()) throw new Error('not a folder')
      } catch {
        throw new ScannerError(id, 'absent', `${dir} is not a readable folder`)
      }
      const deadline = AbortSignal.timeout(timeoutMs)
      const signal = req.signal === undefined ? deadline : AbortSignal.any([req.signal, deadline])
      // fs.watch wakes us early; the poll below is the safety net on file systems without events.
      let wake: (() => void) | null = null
      const watcher = watch(dir, () => wake?.())
      watcher.on('error', () => undefined)
      try {
        for (;;) {
          const file = await oldestImage(dir)
          if (file !== null) {
            await settled(file, signal)
            const bytes = await readFile(file)
            await mkdir(join(dir, IMPORTED_DIR), { recursive: true })
            const target = join(dir, IMPORTED_DIR, `${Date.now()}-${basename(file)}`)
            await rename(file, target)
            const mime = IMAGE_EXT.get(extname(file).toLowerCase()) ?? 'image/jpeg'
            return { bytes, mime, dpi: req.dpi, mode: req.mode, source: target }
          }
          await new Promise<void>((res, rej) => {
            const t = setTimeout(res, 1000)
            wake = () => {
              clearTimeout(t)
              res()
            }
            if (signal.aborted) rej(new Error('aborted'))
            signal.addEventListener('abort', () => rej(new Error('aborted')), { once: true })
          })
        }
      } catch (err) {
        if (signal.aborted) {
          throw new ScannerError(
            id,
            req.signal?.aborted === true ? 'cancelled' : 'timeout',
            `no image arrived in ${dir}`,
          )
        }
        if (err instanceof AppError) throw err
        throw new ScannerError(id, 'failed', (err as Error).message)
      } finally {
        watcher.close()
      }
    },
  }
}
