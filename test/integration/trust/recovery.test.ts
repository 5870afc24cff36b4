/**
 * A damaged page in a real database file: detected at start-up (every command refuses with the
 * way forward, no crash), `kiosk db recover` keeps the damaged file byte for byte, rebuilds the
 * store from every readable row, and sends jobs that lost images to staff.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { kiosk, kioskJson } from '../../support/cli'
import { cliEnv as env, openTestCore, scribble, storeWithJobs as storeWith } from './trust-support'

const JOBS = 40
const storeWithJobs = () => storeWith(JOBS, 3)

/** Page numbers of a table's b-tree leaves (dbstat), to damage one on purpose. */
function leafPages(dbFile: string, table: string): { pages: number[]; pageSize: number } {
  const db = new Database(dbFile, { readonly: true })
  const pages = db
    .prepare("SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf' ORDER BY pageno")
    .pluck()
    .all(table) as number[]
  const pageSize = db.pragma('page_size', { simple: true }) as number
  db.close()
  return { pages, pageSize }
}

function smashPage(file: string, page: number, pageSize: number): void {
  scribble(file, (page - 1) * pageSize, Buffer.alloc(pageSize, 0x5a))
}

describe('a damaged database page', () => {
  it('is refused at start-up with the way forward, and recovered without losing readable jobs', async () => {
    const dir = await storeWithJobs()
    const file = join(dir, 'kiosk.db')
    const { pages, pageSize } = leafPages(file, 'job_images')
    expect(pages.length).toBeGreaterThan(4)
    const victim = pages[Math.floor(pages.length / 2)] as number
    smashPage(file, victim, pageSize)
    const damaged = readFileSync(file)

    // Every command that opens the store refuses in one line; nothing crashes, nothing changes.
    for (const args of [
      ['doctor', '--no-probe'],
      ['jobs', 'list'],
      ['audit', 'verify'],
    ]) {
      const r = kiosk(args, { dataDir: dir, env })
      expect(r.code).toBe(1)
      expect(r.stderr).toBe(
        `kiosk: the database ${file} is damaged (database disk image is malformed); nothing was changed. ` +
          'Stop the kiosk app and run `kiosk db recover`: it keeps the damaged file and rebuilds the ' +
          'store from every record it can still read\n',
      )
    }
    expect(readFileSync(file).equals(damaged)).toBe(true)
    const check = kiosk(['db', 'check'], { dataDir: dir, env })
    expect([check.code, check.stdout]).toEqual([
      1,
      `Database ${file} is damaged: database disk image is malformed.\nStop the kiosk app, then run: kiosk db recover\n`,
    ])

    const report = kioskJson<{
      damagedFile: string
      jobs: {
        recovered: number
        damaged: { jobId: string; state: string; problem: string }[]
        lost: string[]
      }
      tables: { table: string; copied: number; unreadable: unknown[] }[]
      audited: boolean
    }>(['db', 'recover'], { dataDir: dir, env })

    // The damaged file is kept, byte for byte.
    expect(readFileSync(report.damagedFile).equals(damaged)).toBe(true)
    expect(report.jobs.recovered).toBe(JOBS)
    expect(report.jobs.lost).toEqual([])
    expect(report.audited).toBe(true)
    const images = report.tables.find((t) => t.table === 'job_images')
    expect(images?.unreadable.length).toBe(1)
    // One page holds a few images; only those jobs are affected, each named with what it lost.
    expect(report.jobs.damaged.length).toBeGreaterThan(0)
    expect(report.jobs.damaged.length).toBeLessThan(5)
    const lostImages = JOBS * 4 - (images?.copied ?? 0)
    expect(lostImages).toBeGreaterThanOrEqual(report.jobs.damaged.length)
    expect(lostImages).toBeLessThan(8)
    for (const d of report.jobs.damaged) {
      expect(d.problem).toMatch(/^(its selfie was lost|\d of 4 images were lost)$/)
    }

    // The rebuilt store opens, is sound, and puts the damaged jobs in front of staff.
    const doctor = kiosk(['doctor', '--no-probe', '--json'], { dataDir: dir, env })
    expect((JSON.parse(doctor.stdout) as { database: unknown }).database).toMatchObject({
      ok: true,
    })
    const attention = kioskJson<{ job_id: string; last_error: { code: string } }[]>(
      ['jobs', 'list', '--state', 'needs_attention'],
      { dataDir: dir, env },
    )
    expect(attention.map((j) => j.job_id).sort()).toEqual(
      report.jobs.damaged.map((d) => d.jobId).sort(),
    )
    expect(attention[0]?.last_error.code).toBe('damaged_in_recovery')
    const intact = kioskJson<unknown[]>(['jobs', 'list', '--state', 'captured'], {
      dataDir: dir,
      env,
    })
    expect(intact).toHaveLength(JOBS - report.jobs.damaged.length)

    // Readable jobs still decrypt; the recovery itself is in the (intact) audit trail.
    const core = openTestCore(dir)
    const good = (intact[0] as { job_id: string }).job_id
    expect(core.jobs.readImages(good)).toHaveLength(4)
    expect(core.audit.list({ limit: 1, action: 'db.recovered' })[0]?.actor).toMatch(/^operator:/)
    expect(core.audit.verify().ok).toBe(true)
    core.close()

    // A second recover finds nothing to do.
    const again = kiosk(['db', 'recover'], { dataDir: dir, env })
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/passes its integrity check; nothing to recover/)
  })

  it('recovers around a damaged page of the jobs table, naming the jobs it lost', async () => {
    const dir = await storeWithJobs()
    const file = join(dir, 'kiosk.db')
    const { pages, pageSize } = leafPages(file, 'jobs')
    expect(pages.length).toBeGreaterThan(1)
    smashPage(file, pages[0] as number, pageSize)
    const report = kioskJson<{ jobs: { recovered: number; lost: string[] } }>(['db', 'recover'], {
      dataDir: dir,
      env,
    })
    expect(report.jobs.lost.length).toBeGreaterThan(0)
    expect(report.jobs.recovered + report.jobs.lost.length).toBe(JOBS)
    const list = kioskJson<{ job_id: string }[]>(['jobs', 'list', '--limit', '1000'], {
      dataDir: dir,
      env,
    })
    expect(list).toHaveLength(report.jobs.recovered)
    for (const lost of report.jobs.lost) expect(list.map((j) => j.job_id)).not.toContain(lost)
  })

  it('refuses to start after an interrupted recovery, and finishes it on the next run', async () => {
    const dir = await storeWithJobs()
    const file = join(dir, 'kiosk.db')
    const { pages, pageSize } = leafPages(file, 'job_images')
    smashPage(file, pages[1] as number, pageSize)
    // As if the last run died right after writing its marker.
    writeFileSync(
      `${file}.recovery.json`,
      JSON.stringify({ aside: `${file}.damaged-test`, problem: 'test' }),
    )
    const r = kiosk(['jobs', 'list'], { dataDir: dir, env })
    expect(r.code).toBe(1)
    expect(r.stderr).toBe(
      `kiosk: a database recovery of ${file} was interrupted; run \`kiosk db recover\` again to finish it\n`,
    )
    expect(kiosk(['db', 'recover'], { dataDir: dir, env }).code).toBe(0)
    expect(existsSync(`${file}.recovery.json`)).toBe(false)
    expect(existsSync(`${file}.damaged-test`)).toBe(true)
    expect(
      readdirSync(dir).filter((f) => f.includes('recover-work') || f.includes('rebuilt')),
    ).toEqual([])
    expect(kiosk(['jobs', 'list'], { dataDir: dir, env }).code).toBe(0)
  })
})
