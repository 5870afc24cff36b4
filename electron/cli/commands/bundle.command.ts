/**
 * `kiosk export --to DIR` (laptop) and `kiosk import FILE` (branch machine): jobs carried home on a
 * USB stick as one encrypted, signed bundle. Both go through the contract, like the UI.
 */
import type { Command } from 'commander'
import { showFingerprint } from '../../shared/field/bundle-header.policy'
import { parseSince } from '../../shared/field/since'
import { print, table, usageError, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

export function registerBundleCommands(program: Command, globals: () => GlobalOptions): void {
  program
    .command('export')
    .description(
      'write the jobs the backend has not got yet into one encrypted, signed bundle (USB)',
    )
    .requiredOption('--to <dir>', 'folder to write the bundle into, e.g. the mounted USB stick')
    .option('--since <when>', 'only jobs captured since: 2026-11-20, 2026-11-20T08:00Z, 36h, 7d')
    .option('--include-exported', 'also jobs already in an earlier bundle (a lost stick)')
    .action(async (flags: { to: string; since?: string; includeExported?: boolean }) => {
      const opts = globals()
      let since: string | undefined
      if (flags.since !== undefined) {
        const p = parseSince(flags.since, new Date())
        if (!p.ok) throw usageError(p.reason)
        since = p.iso
      }
      const r = await withCore(opts, (core) =>
        call(core, 'field:export', {
          to: flags.to,
          ...(since === undefined ? {} : { since }),
          includeExported: flags.includeExported === true,
        }),
      )
      print(opts, r, () => {
        if (r.file === null) {
          return (
            'Nothing to export: no job is waiting for the backend' +
            (r.alreadyExported > 0
              ? ` (${r.alreadyExported} already exported; --include-exported writes them again).`
              : '.')
          )
        }
        return [
          `Exported ${r.jobs} job${r.jobs === 1 ? '' : 's'} (${r.images} images, ${mb(r.bytes)}) to ${r.file}`,
          `  encrypted for recipient key ${showFingerprint(r.recipientFingerprint)}; signed by this kiosk (${showFingerprint(r.deviceFingerprint)})`,
          '  The jobs stay queued here until the backend confirms them; syncing this kiosk later sends no duplicate.',
          ...(r.alreadyExported > 0
            ? [
                `  ${r.alreadyExported} jobs from earlier bundles were left out (--include-exported).`,
              ]
            : []),
        ].join('\n')
      })
    })

  program
    .command('import')
    .description('verify a bundle from a field laptop and queue its jobs for sync')
    .argument('<file>', 'the .kbundle file')
    .action(async (file: string) => {
      const opts = globals()
      const r = await withCore(opts, (core) => call(core, 'field:import', { file }))
      print(opts, r, () =>
        [
          `Imported bundle ${r.bundleId.slice(0, 8)} from ${r.device.name} (made ${r.bundleCreatedAt}): ` +
            `${r.counts.imported} queued, ${r.counts.already_here} already here, ${r.counts.conflict} conflicting.`,
          table(
            ['JOB ID', 'USER', 'TYPE', 'CAPTURED', 'FATE'],
            r.jobs.map((j) => [
              j.jobId,
              j.userId,
              j.jobType === 4 ? 'enrol' : 'auth',
              j.capturedAt.slice(0, 19).replace('T', ' '),
              j.fate === 'imported'
                ? 'queued for sync'
                : `${j.fate.replace('_', ' ')}: ${j.reason}`,
            ]),
            60,
          ),
          r.counts.imported > 0 ? '`kiosk sync` (or the app, when online) sends them.' : '',
        ]
          .filter((l) => l !== '')
          .join('\n'),
      )
    })
}

const mb = (n: number): string =>
  n < 1024 * 1024 ? `${Math.round(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`
