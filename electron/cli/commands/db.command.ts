/**
 * `kiosk db check|recover`: the store's integrity, and the way forward when a page is damaged.
 * Neither goes through openCore, which refuses a damaged store by design.
 */
import { existsSync } from 'node:fs'
import type { Command } from 'commander'
import { AppError } from '../../shared/contract/result'
import { nodeKeyring } from '../../core/crypto/keyring'
import { databaseFile, keyFile } from '../../core/paths'
import { OPERATOR } from '../../core/staff/caller'
import { recoveryMarker } from '../../core/recovery/open-store'
import { diagnose, recoverStore, type RecoveryReport } from '../../core/recovery/recover.service'
import { EXIT_FAILURE, print, type GlobalOptions } from '../output'

export function registerDbCommands(
  program: Command,
  globals: () => GlobalOptions,
  setExit: (n: number) => void,
): void {
  const db = program.command('db').description('the job store itself: integrity and recovery')

  db.command('check')
    .description('read every page of the store and say whether it is sound (exit 1 if not)')
    .action(() => {
      const opts = globals()
      const path = databaseFile(opts.dataDir)
      if (!existsSync(path)) throw new AppError('not_found', `there is no database at ${path}`)
      const interrupted = existsSync(recoveryMarker(path))
      const problem = interrupted ? 'a recovery was interrupted' : diagnose(path)
      const value = { path, ok: problem === null, problem }
      print(opts, value, () =>
        problem === null
          ? `Database ${path} is sound.`
          : `Database ${path} is damaged: ${problem}.\nStop the kiosk app, then run: kiosk db recover`,
      )
      if (problem !== null) setExit(EXIT_FAILURE)
    })

  db.command('recover')
    .description(
      'move a damaged store aside (kept, never deleted) and rebuild it from every readable record; stop the app first',
    )
    .option('--force', 'rebuild even if the integrity check passes', false)
    .action((flags: { force: boolean }) => {
      const opts = globals()
      const report = recoverStore({
        dbPath: databaseFile(opts.dataDir),
        keyring: nodeKeyring({ defaultKeyFile: keyFile(opts.dataDir) }),
        clock: () => new Date(),
        actor: OPERATOR.actor,
        force: flags.force,
      })
      print(opts, report, () => describe(report))
    })
}

function describe(r: RecoveryReport): string {
  const lost = r.tables.filter((t) => t.refused > 0 || t.unreadable.length > 0)
  const lines = [
    `Recovered the store (${r.problem}).`,
    `  The damaged file is kept at ${r.damagedFile}`,
    `  Jobs recovered: ${r.jobs.recovered}` +
      (r.jobs.lost.length > 0
        ? `; lost: ${r.jobs.lost.length} (${r.jobs.lost.slice(0, 10).join(', ')})`
        : ''),
    ...r.tables
      .filter((t) => t.copied > 0 || t.refused > 0 || t.unreadable.length > 0)
      .map(
        (t) =>
          `  ${t.table.padEnd(14)} ${t.copied} rows` +
          (t.repaired > 0 ? ` (${t.repaired} with a value put right)` : '') +
          (t.refused + t.unreadable.length > 0
            ? `, ${t.refused} unusable, ${t.unreadable.length} unreadable stretch(es)`
            : ''),
      ),
  ]
  if (r.orphansRemoved > 0) {
    lines.push(
      `  ${r.orphansRemoved} rows of lost jobs were dropped (their keys were lost with the jobs)`,
    )
  }
  if (r.jobs.damaged.length > 0) {
    lines.push(
      `  Jobs that lost images or saved values (${r.jobs.damaged.length}); those not yet synced now need attention:`,
    )
    for (const j of r.jobs.damaged.slice(0, 20)) {
      lines.push(`    ${j.jobId} (${j.state}): ${j.problem}`)
    }
  }
  const repaired = r.tables.some((t) => t.repaired > 0)
  if (lost.length === 0 && r.jobs.damaged.length === 0 && !repaired) {
    lines.push('  Nothing readable was lost.')
  }
  for (const n of r.notes) lines.push(`  ! ${n}`)
  lines.push(
    'Check it with: kiosk doctor; kiosk audit verify shows any audit entries that were lost.',
  )
  return lines.join('\n')
}
