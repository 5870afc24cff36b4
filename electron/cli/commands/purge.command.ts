/** `kiosk jobs purge [--dry-run]`: drop the images of jobs whose final result is old enough. */
import type { Command } from 'commander'
import type { PurgeReport } from '../../shared/contract/retention.contract'
import { print, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

/** Adds `purge` under the existing `jobs` command (register after registerJobsCommands). */
export function registerPurgeCommand(program: Command, globals: () => GlobalOptions): void {
  const jobs = program.commands.find((c) => c.name() === 'jobs') ?? program.command('jobs')
  jobs
    .command('purge')
    .description(
      'purge the images of jobs whose backend final result is older than retention.imagesHours; jobs without a final result are never purged',
    )
    .option('--dry-run', 'only say what would be purged', false)
    .action(async (flags: { dryRun: boolean }) => {
      const opts = globals()
      const report = await withCore(opts, (core) =>
        call(core, 'jobs:purge', { dryRun: flags.dryRun }),
      )
      print(opts, report, () => describe(report))
    })
}

function describe(r: PurgeReport): string {
  const n = r.purged.length
  const jobs = (k: number) => `${k} job${k === 1 ? '' : 's'}`
  const lines = [
    n === 0
      ? `Nothing to purge (images are kept ${r.imagesHours} h after the final result).`
      : `${r.dryRun ? 'Would purge' : 'Purged'} the images of ${jobs(n)} (final result more than ${r.imagesHours} h ago):`,
    ...r.purged
      .slice(0, 20)
      .map((j) => `  ${j.jobId}  final ${j.finalAt.replace('T', ' ').slice(0, 19)}`),
  ]
  if (n > 20) lines.push(`  … and ${n - 20} more`)
  if (r.kept.notDue > 0) {
    lines.push(
      `Kept: ${jobs(r.kept.notDue)} with a recent final result; the next is due ${r.kept.nextDueAt?.replace('T', ' ').slice(0, 16) ?? '?'}.`,
    )
  }
  if (r.kept.notFinal > 0) {
    const o = r.kept.oldestNotFinal
    lines.push(
      `Kept: ${jobs(r.kept.notFinal)} without a final result (never purged automatically)` +
        (o ? `; oldest ${o.jobId} (${o.state}), captured ${o.createdAt.slice(0, 10)}.` : '.'),
    )
  }
  if (r.dryRun && n > 0) lines.push('Dry run: nothing was changed.')
  return lines.join('\n')
}
