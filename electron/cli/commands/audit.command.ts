/** `kiosk audit verify|list`: check the hash-chained audit trail, and read it. */
import type { Command } from 'commander'
import type { AuditEntry, AuditVerifyReport } from '../../shared/contract/audit.contract'
import { EXIT_FAILURE, print, table, numberOption, usageError, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

export function registerAuditCommands(
  program: Command,
  globals: () => GlobalOptions,
  setExit: (n: number) => void,
): void {
  const audit = program.command('audit').description('the audit trail: who did what, and when')

  audit
    .command('verify')
    .description('check that no entry was edited, removed or added behind the kiosk (exit 1 if so)')
    .action(async () => {
      const opts = globals()
      const report = await withCore(opts, (core) => call(core, 'audit:verify', {}))
      print(opts, report, () => describeReport(report))
      if (!report.ok) setExit(EXIT_FAILURE)
    })

  audit
    .command('list')
    .description('entries, newest first')
    .option('--limit <n>', 'at most this many entries', '50')
    .option('--action <prefix>', 'only actions starting with this, e.g. staff. or job.deleted')
    .option('--before <seq>', 'only entries before this number (to page back)')
    .action(async (flags: { limit: string; action?: string; before?: string }) => {
      const opts = globals()
      const limit = numberOption(flags.limit, '--limit', { min: 1, max: 1000 })
      const before = flags.before === undefined ? undefined : Number(flags.before)
      if (before !== undefined && (!Number.isInteger(before) || before < 1)) {
        throw usageError('--before is an entry number (1 or more)')
      }
      const list = await withCore(opts, (core) =>
        call(core, 'audit:list', {
          limit,
          ...(flags.action === undefined ? {} : { action: flags.action }),
          ...(before === undefined ? {} : { beforeSeq: before }),
        }),
      )
      print(opts, list, () => describeList(list))
    })
}

function describeReport(r: AuditVerifyReport): string {
  if (r.ok) {
    if (r.entries === 0) return 'Audit trail is empty.'
    return `Audit trail intact: ${r.entries} entries, #1 to #${r.head?.seq ?? 0}, head ${r.head?.hash.slice(0, 16) ?? ''}…, sealed anchor matches.`
  }
  const problem = r.firstBad?.problem ?? 'unknown problem'
  return [
    r.anchor === 'unverifiable'
      ? `Audit trail CANNOT BE CHECKED: ${problem}.`
      : `Audit trail BROKEN at entry #${r.firstBad?.seq ?? '?'}: ${problem}.`,
    `  ${r.entries} entries read; anchor: ${r.anchor}.`,
    '  Keep this database as evidence (copy the data folder) before anything else changes it.',
  ].join('\n')
}

function describeList(list: AuditEntry[]): string {
  if (list.length === 0) return 'No audit entries.'
  return table(
    ['#', 'AT', 'ACTOR', 'ACTION', 'SUBJECT', 'DETAIL'],
    list.map((e) => [
      String(e.seq),
      e.at.replace('T', ' ').slice(0, 19),
      e.actor,
      e.action,
      e.subject,
      Object.keys(e.detail).length === 0 ? '' : JSON.stringify(e.detail),
    ]),
    60,
  )
}
