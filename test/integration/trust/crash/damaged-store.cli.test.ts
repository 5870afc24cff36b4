/**
 * A damaged store met at start-up, through the real `kiosk` binary, for every kind of damage a
 * dead disk, a bad copy or a power cut leaves: the header page overwritten, the file cut short,
 * a garbage WAL next to it, random pages scribbled on. Every command refuses in one line naming
 * `kiosk db recover` (or works, when the damage hit nothing in use) — never a stack trace, never
 * a crash — and after `kiosk db recover` the kiosk works again with every job it could read.
 * Damage that leaves SQLite sound but lands inside an audit entry is the audit trail's business:
 * `audit verify` names the entry and says to keep the data folder as evidence.
 */
import { mkdirSync, readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { kiosk, kioskJson } from '../../../support/cli'
import { fuzzParams } from '../../../support/fuzz'
import { cliEnv as env, scribble, storeWithJobs as storeWith } from '../trust-support'

const JOBS = 12
const PAGE = 4096
const storeWithJobs = () => storeWith(JOBS, 2)

const REFUSAL =
  /^kiosk: (the database .+ is damaged \(.+\); nothing was changed\. Stop the kiosk app and run `kiosk db recover`: .+|cannot open the database at .+|the database at .+ is not usable: .+)\n$/

/** The audit trail's own report of an entry (or its key) whose bytes changed in a sound store. */
const AUDIT_BROKEN =
  /^Audit trail (BROKEN at entry #\d+|CANNOT BE CHECKED): .+\.\n {2}\d+ entries read; anchor: .+\.\n {2}Keep this database as evidence .+\n$/

type Outcome = 'refused' | 'working' | 'audit-broken'

/** What every command does with the damaged store: works, or one line with the way forward. */
function expectRefusedOrWorking(dir: string): Outcome {
  let refused = 0
  let auditBroken = false
  for (const args of [
    ['jobs', 'list'],
    ['audit', 'verify'],
  ]) {
    const r = kiosk(args, { dataDir: dir, env })
    expect(r.stderr, `${args.join(' ')}: ${r.stderr}`).not.toMatch(/\n\s+at |Error:|node:internal/)
    if (r.code === 0) continue
    expect([args.join(' '), r.code]).toEqual([args.join(' '), 1])
    if (args[0] === 'audit' && r.stderr === '' && AUDIT_BROKEN.test(r.stdout)) {
      auditBroken = true
      continue
    }
    refused++
    expect(r.stderr, `${args.join(' ')} (stdout: ${r.stdout})`).toMatch(REFUSAL)
  }
  return refused > 0 ? 'refused' : auditBroken ? 'audit-broken' : 'working'
}

/** `kiosk db recover` (or nothing, if the store is sound) and then the kiosk works again. */
function expectRecovers(dir: string, mustRecover: boolean): number {
  if (!mustRecover && kiosk(['db', 'check'], { dataDir: dir, env }).code === 0) return JOBS
  const report = kioskJson<{ jobs: { recovered: number } }>(['db', 'recover'], {
    dataDir: dir,
    env,
  })
  // The rebuilt store opens for every command and holds exactly the jobs recovery reported.
  const list = kioskJson<unknown[]>(['jobs', 'list'], { dataDir: dir, env })
  expect(list.length).toBe(report.jobs.recovered)
  expect(kiosk(['audit', 'verify'], { dataDir: dir, env }).stderr).not.toMatch(/damaged/)
  return report.jobs.recovered
}

describe('a damaged store at start-up, through the CLI', () => {
  it.each([
    [
      'the header page overwritten',
      'refused',
      0,
      (file: string) => scribble(file, 0, Buffer.alloc(100, 0x41)),
    ],
    [
      'the file cut to half',
      'refused',
      0,
      (file: string) => truncateSync(file, Math.floor(statSync(file).size / 2 / PAGE) * PAGE),
    ],
    [
      'the file cut mid-page',
      'refused',
      0,
      (file: string) => truncateSync(file, statSync(file).size - 1000),
    ],
    // SQLite ignores a WAL whose header does not belong to the database: nothing to refuse.
    [
      'a garbage WAL beside it',
      'working',
      JOBS,
      (file: string) => writeFileSync(`${file}-wal`, Buffer.alloc(64 * 1024, 0x5a)),
    ],
    [
      'a WAL from another database',
      'working',
      JOBS,
      (file: string) => {
        const wal = Buffer.alloc(32 + 24 + PAGE, 0)
        wal.writeUInt32BE(0x377f0682, 0) // a valid WAL magic, salts that match nothing here
        wal.writeUInt32BE(3007000, 4)
        wal.writeUInt32BE(PAGE, 8)
        writeFileSync(`${file}-wal`, wal)
      },
    ],
  ] as const)('%s: %s in one line, then recovered', async (_name, expected, minJobs, damage) => {
    const dir = await storeWithJobs()
    const file = join(dir, 'kiosk.db')
    damage(file)
    const outcome = expectRefusedOrWorking(dir)
    const recovered = expectRecovers(dir, outcome === 'refused')
    expect(outcome).toBe(expected)
    expect(recovered).toBeGreaterThanOrEqual(minJobs)
  })

  it('random pages scribbled on: never a crash, always a way forward', async () => {
    const pristine = await storeWithJobs()
    const original = readFileSync(join(pristine, 'kiosk.db'))
    const pages = Math.floor(original.length / PAGE)
    let n = 0
    const outcomes: string[] = []
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            page: fc.integer({ min: 1, max: pages - 1 }),
            offset: fc.nat(PAGE - 64),
            bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }),
          }),
          { minLength: 1, maxLength: 3 },
        ),
        (hits) => {
          const dir = join(pristine, `case-${++n}`)
          mkdirSync(dir)
          const file = join(dir, 'kiosk.db')
          writeFileSync(file, original)
          for (const h of hits) scribble(file, h.page * PAGE + h.offset, Buffer.from(h.bytes))
          const outcome = expectRefusedOrWorking(dir)
          const recovered = expectRecovers(dir, outcome === 'refused')
          outcomes.push(`${outcome}:${recovered}`)
        },
      ),
      fuzzParams(4),
    )
    process.stdout.write(`random page damage: ${outcomes.join(', ')}\n`)
  }, 120_000)
})
