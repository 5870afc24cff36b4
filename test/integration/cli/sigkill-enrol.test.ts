import { spawn } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { beforeAll, describe, expect, it } from 'vitest'
import { openCore } from '../../../electron/core/core'
import { KIOSK_BIN } from '../../support/cli'
import { sharedData } from '../../support/shared-data'
import { tempDir } from '../../support/temp'
import sharp from 'sharp'

/** Runs `kiosk enrol`, SIGKILLs it after `afterMs` (if still running); resolves with how it ended. */
function enrolAndKill(
  dataDir: string,
  args: string[],
  afterMs: number,
): Promise<{ killed: boolean; ms: number }> {
  return new Promise((resolve) => {
    const started = performance.now()
    const child = spawn(process.execPath, [KIOSK_BIN, '--data-dir', dataDir, 'enrol', ...args], {
      stdio: 'ignore',
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs)
    child.on('exit', (_code, signal) => {
      clearTimeout(timer)
      resolve({ killed: signal === 'SIGKILL', ms: performance.now() - started })
    })
  })
}

describe('SIGKILL in the middle of kiosk enrol', () => {
  const dataDir = tempDir()
  const files = tempDir()
  const args = (i: number) => [
    '--user-id',
    `kill-${i}`,
    '--job-id',
    `kill-job-${i}`,
    '--selfie',
    sharedData('faces', 'df_A', 'df_A_img4.jpg'),
    '--liveness',
    ...Array.from({ length: 8 }, (_, f) => join(files, `frame-${f}.jpg`)),
  ]

  beforeAll(async () => {
    // Large frames make the capture take long enough to be killed at every stage of it.
    const src = sharedData('faces', 'df_E', 'df_E_img19.jpg')
    for (let f = 0; f < 8; f++) {
      writeFileSync(
        join(files, `frame-${f}.jpg`),
        await sharp(src)
          .resize(2400 + f * 16)
          .jpeg({ quality: 95 })
          .toBuffer(),
      )
    }
  })

  it('never leaves a job without all of its images', async () => {
    // Two uninterrupted runs; the faster one sets the kill points (a busy machine slows some runs).
    const timed = [
      await enrolAndKill(dataDir, args(0), 60_000),
      await enrolAndKill(dataDir, args(100), 60_000),
    ]
    expect(timed.map((t) => t.killed)).toEqual([false, false])
    const full = { ms: Math.min(...timed.map((t) => t.ms)) }
    const runs = 14
    const outcomes: boolean[] = []
    for (let i = 1; i <= runs; i++) {
      // Kill points spread from process start-up to just after a normal run would end.
      const at = Math.round((full.ms * i) / (runs - 2))
      outcomes.push((await enrolAndKill(dataDir, args(i), at)).killed)
    }
    // The first kill points (<= 25 % of a normal run) land before the save even if later runs go
    // faster than the timed one on a busy machine; later ones may land during or after it.
    expect(outcomes.slice(0, 3)).toEqual([true, true, true])

    const db = new Database(join(dataDir, 'kiosk.db'), { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const rows = db
      .prepare(
        `SELECT j.job_id, (SELECT count(*) FROM job_images i WHERE i.job_id = j.job_id) AS images,
        (SELECT count(*) FROM job_events e WHERE e.job_id = j.job_id) AS events FROM jobs j`,
      )
      .all() as { job_id: string; images: number; events: number }[]
    db.close()
    expect(rows.length).toBeGreaterThanOrEqual(1)
    for (const r of rows) expect(r, r.job_id).toMatchObject({ images: 9, events: 1 })

    // And every stored image still decrypts to a whole JPEG.
    const core = openCore({ dataDir })
    for (const r of rows) {
      const imgs = core.jobs.readImages(r.job_id)
      expect(imgs).toHaveLength(9)
      for (const img of imgs) expect(img.bytes.subarray(0, 2).toString('hex')).toBe('ffd8')
    }
    core.close()
  })
})
