/** Refuses a capture before any work when the disk holding the store is nearly full. */
import { statfsSync } from 'node:fs'
import { AppError } from '../../shared/contract/result'

export type StatFs = (path: string) => { bavail: number | bigint; bsize: number | bigint }

export function freeDiskMb(dir: string, statfs: StatFs = statfsSync): number {
  const s = statfs(dir)
  return Math.floor((Number(s.bavail) * Number(s.bsize)) / (1024 * 1024))
}

export function createDiskGuard(
  dataDir: string,
  minFreeMb: () => number,
  statfs: StatFs = statfsSync,
): () => void {
  return () => {
    const min = minFreeMb()
    if (min <= 0) return
    const free = freeDiskMb(dataDir, statfs)
    if (free < min) {
      throw new AppError(
        'storage',
        `not enough free disk space to save a capture: ${free} MB free where the kiosk stores ` +
          `jobs, at least ${min} MB needed (thresholds.minFreeDiskMb); sync and purge finished ` +
          'jobs or free up space',
      )
    }
  }
}
