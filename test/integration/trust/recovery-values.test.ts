/**
 * Bytes changed inside a value, on a page SQLite still finds sound: `quick_check` cannot see it,
 * yet the app could not read the job. The store is refused with the way forward (not a JSON
 * parser's message on the first `jobs list`), and `kiosk db recover` puts each value right the
 * way its column allows, sends the jobs that lost something to staff and names what was reset.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { kiosk, kioskJson } from '../../support/cli'
import { cliEnv as env, scribble, storeWithJobs } from './trust-support'

const JOBS = 12

/**
 * Changes one byte in the middle of a stored value into a control character (invalid JSON). `sql`
 * lists candidate rows (owner, value, and optionally the column stored just before it, which
 * SQLite writes right ahead of it in the row): the first found exactly once in the file is
 * spoilt, so the damage lands where the test says (two jobs' check results can be the same text;
 * a setting's value is also in the audit entry that recorded the change).
 */
function spoilValue(file: string, sql: string): string {
  const db = new Database(file, { readonly: true })
  const rows = db.prepare(sql).raw().all() as [string, string, string?][]
  db.close()
  const bytes = readFileSync(file)
  for (const [owner, value, before = ''] of rows) {
    const needle = Buffer.from(before + value, 'utf8')
    const at = bytes.indexOf(needle)
    if (at < 0 || bytes.indexOf(needle, at + 1) >= 0) continue
    const middle = Buffer.byteLength(before) + Math.floor(Buffer.byteLength(value) / 2)
    scribble(file, at + middle, Buffer.from([0x01]))
    return owner
  }
  throw new Error(`no value of "${sql}" lies in the file once and in one piece`)
}

describe('a value spoilt inside a sound page', () => {
  it('is refused with the way forward, then recovered: the job waits for staff, nothing else lost', async () => {
    const dir = await storeWithJobs(JOBS, 2)
    const file = join(dir, 'kiosk.db')
    // A sealed secret sits beside JSON values in settings: it is not mistaken for damage.
    for (const [key, value] of [
      ['camera.label', 'Front desk camera 7731'],
      ['backend.apiKey', 'sk-test-recovery'],
    ] as const) {
      expect(kiosk(['settings', 'set', key, value], { dataDir: dir, env }).code).toBe(0)
    }
    const checksLost = spoilValue(file, 'SELECT job_id, local_checks FROM jobs ORDER BY id')
    const detailsLost = spoilValue(
      file,
      `SELECT job_id, metadata FROM jobs WHERE job_id <> '${checksLost}' ORDER BY id DESC`,
    )
    spoilValue(file, "SELECT key, value, key FROM settings WHERE key = 'camera.label'")

    const list = kiosk(['jobs', 'list'], { dataDir: dir, env })
    expect([list.code, list.stderr]).toEqual([
      1,
      `kiosk: the database ${file} is damaged (jobs.local_checks: 1 unreadable value; ` +
        'jobs.metadata: 1 unreadable value; settings.value: 1 unreadable value); nothing was ' +
        'changed. Stop the kiosk app and run `kiosk db recover`: it keeps the damaged file and ' +
        'rebuilds the store from every record it can still read\n',
    ])
    expect(kiosk(['db', 'check'], { dataDir: dir, env }).code).toBe(1)

    const text = kiosk(['db', 'recover'], { dataDir: dir, env })
    expect(text.stderr).toBe('')
    expect(text.code).toBe(0)
    const lines = text.stdout.split('\n')
    expect(lines).toContain(`  jobs           ${JOBS} rows (2 with a value put right)`)
    expect(lines).toContain(
      `    ${checksLost} (captured): its local check results could not be read`,
    )
    expect(lines).toContain(`    ${detailsLost} (captured): its capture details could not be read`)
    expect(lines).toContain(
      '  ! 1 unreadable settings.value value(s) dropped: camera.label (back to their defaults: check them with kiosk settings get)',
    )
    expect(text.stdout).not.toMatch(/Nothing readable was lost/)

    // Every job is there; the two that lost a value wait for staff, the rest are untouched.
    expect(kioskJson<unknown[]>(['jobs', 'list'], { dataDir: dir, env })).toHaveLength(JOBS)
    const attention = kioskJson<{ job_id: string; last_error: { message: string } }[]>(
      ['jobs', 'list', '--state', 'needs_attention'],
      { dataDir: dir, env },
    )
    expect(attention.map((j) => j.job_id).sort()).toEqual([checksLost, detailsLost].sort())
    expect(attention[0]?.last_error.message).toMatch(/capture this job again$/)
    const job = kioskJson<{ local_checks: unknown; images: unknown[] }>(
      ['jobs', 'show', checksLost],
      { dataDir: dir, env },
    )
    expect([job.local_checks, job.images.length]).toEqual([null, 3])
    const label = kioskJson<{ value: unknown }>(['settings', 'get', 'camera.label'], {
      dataDir: dir,
      env,
    })
    expect(label.value).toBe('')
    expect(
      kioskJson<{ value: unknown }>(['settings', 'get', 'backend.apiKey'], { dataDir: dir, env })
        .value,
    ).toBe('set')
    expect(kiosk(['db', 'check'], { dataDir: dir, env }).code).toBe(0)
    expect(kiosk(['audit', 'verify'], { dataDir: dir, env }).code).toBe(0)
  })

  it('a value that breaks a CHECK constraint: db check agrees with start-up, recovery drops it', async () => {
    const dir = await storeWithJobs(4, 1)
    const file = join(dir, 'kiosk.db')
    // An image's kind sits right after its job id, in the row and in its UNIQUE index entry:
    // "job-002selfie" → "job-002sel\x01ie" in both, so only the CHECK constraint is broken.
    const victim = 'job-002'
    const bytes = readFileSync(file)
    const needle = Buffer.from(`${victim}selfie`)
    const hits: number[] = []
    for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) hits.push(at)
    expect(hits).toHaveLength(2)
    for (const at of hits) scribble(file, at + `${victim}sel`.length, Buffer.from([0x01]))
    const list = kiosk(['jobs', 'list'], { dataDir: dir, env })
    expect([list.code, list.stderr]).toEqual([
      1,
      `kiosk: the database ${file} is damaged (CHECK constraint failed in job_images); nothing was ` +
        'changed. Stop the kiosk app and run `kiosk db recover`: it keeps the damaged file and ' +
        'rebuilds the store from every record it can still read\n',
    ])
    // (A read-only connection's quick_check skips CHECK constraints and once called this sound.)
    const check = kiosk(['db', 'check'], { dataDir: dir, env })
    expect([check.code, check.stdout]).toEqual([
      1,
      `Database ${file} is damaged: CHECK constraint failed in job_images.\nStop the kiosk app, then run: kiosk db recover\n`,
    ])
    const report = kioskJson<{
      jobs: { recovered: number; damaged: { jobId: string; problem: string }[] }
    }>(['db', 'recover'], { dataDir: dir, env })
    expect(report.jobs.recovered).toBe(4)
    expect(report.jobs.damaged).toEqual([
      { jobId: victim, state: 'captured', problem: 'its selfie was lost' },
    ])
    expect(kiosk(['db', 'check'], { dataDir: dir, env }).code).toBe(0)
  })

  it('an audit entry spoilt the same way is the audit trail’s evidence: listed, named by verify', async () => {
    const dir = await storeWithJobs(3, 1)
    const file = join(dir, 'kiosk.db')
    expect(
      kiosk(['settings', 'set', 'camera.label', 'Side door camera 5512'], { dataDir: dir, env })
        .code,
    ).toBe(0)
    spoilValue(file, "SELECT subject, detail FROM audit_log WHERE action = 'settings.changed'")
    // The store opens (the jobs are fine); the list shows the entry; verify names it.
    const entries = kioskJson<{ subject: string; detail: Record<string, unknown> }[]>(
      ['audit', 'list', '--action', 'settings.changed'],
      { dataDir: dir, env },
    )
    expect(entries.map((e) => [e.subject, e.detail])).toEqual([
      [
        'camera.label',
        { unreadable: 'this entry’s detail cannot be read; run kiosk audit verify' },
      ],
    ])
    const verify = kiosk(['audit', 'verify'], { dataDir: dir, env })
    expect(verify.code).toBe(1)
    expect(verify.stdout).toMatch(/^Audit trail BROKEN at entry #\d+: /)
  })
})
