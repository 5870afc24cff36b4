/** `kiosk doctor`: is this kiosk ready to capture and sync, and if not, why. */
import type { Command } from 'commander'
import type { SystemInfo } from '../../shared/contract/contract'
import { EXIT_FAILURE, print, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

export function registerDoctorCommand(
  program: Command,
  globals: () => GlobalOptions,
  setExit: (n: number) => void,
): void {
  program
    .command('doctor')
    .description('check versions, the data store, models, execution providers and the backend')
    .option('--no-probe', 'do not try to reach the backend')
    .action(async (flags: { probe: boolean }) => {
      const opts = globals()
      const [info, field] = await withCore(opts, async (core) => [
        await call(core, 'system:info', { probeBackend: flags.probe }),
        await call(core, 'field:status', {}),
      ])
      // Field mode: a capture guard that refuses is "not ready"; a doubtful clock is flagged.
      const ready = [
        ...readiness(info),
        ...field.guards.reasons.map((r) => `capture: ${r.message}`),
      ]
      const warnings = field.clock.warning === null ? [] : [field.clock.warning]
      print(
        opts,
        {
          ...info,
          field: { guards: field.guards, clock: field.clock },
          warnings,
          ready: ready.length === 0,
          problems: ready,
        },
        () => [describe(info, ready), ...warnings.map((w) => `! ${w}`)].join('\n'),
      )
      if (ready.length > 0) setExit(EXIT_FAILURE)
    })
}

/** What stops this kiosk from capturing; optional models and an unreachable backend do not. */
function readiness(info: SystemInfo): string[] {
  const problems: string[] = []
  if (!info.database.ok) problems.push(`database: ${info.database.message ?? 'damaged'}`)
  if (info.trust && !info.trust.audit.ok) {
    problems.push(
      `audit log: ${info.trust.audit.firstBad ?? 'does not verify'} (kiosk audit verify)`,
    )
  }
  for (const m of info.models) {
    if (m.status !== 'ok' && !m.optional) {
      problems.push(`model ${m.id}: ${m.message ?? m.status}`)
    }
  }
  return problems
}

function describe(info: SystemInfo, problems: string[]): string {
  const mark = (ok: boolean | null) => (ok === null ? '·' : ok ? '✓' : '✗')
  const lines = [
    `enrol-kiosk ${info.version}`,
    `  ${Object.entries(info.versions)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
    `Data dir   ${info.dataDir}`,
    `Database   ${mark(info.database.ok)} schema v${info.database.schemaVersion}, ${(info.database.sizeBytes / 1024).toFixed(0)} KiB, ` +
      `jobs: ${
        Object.entries(info.database.jobs)
          .map(([s, n]) => `${s} ${n}`)
          .join(', ') || 'none'
      }`,
    'Models',
    ...info.models.map(
      (m) =>
        `  ${mark(m.status === 'ok')} ${m.id.padEnd(16)} ${m.status === 'ok' ? m.file : (m.message ?? m.status)}` +
        (m.optional ? ' (optional)' : ''),
    ),
    `Inference  execution providers: ${info.executionProviders.available.join(', ') || 'none'}` +
      (info.executionProviders.message ? ` (${info.executionProviders.message})` : ''),
    ...(info.executionProviders.chosen === undefined
      ? []
      : [
          `           face engine runs on ${info.executionProviders.chosen} (asked: ${info.executionProviders.requested ?? 'auto'})`,
          ...(info.executionProviders.fallbacks ?? []).map(
            (f) => `             ${f.provider} not used: ${f.reason}`,
          ),
        ]),
    info.backend.mode === 'demo'
      ? 'Backend    demo mode: jobs go to the sandbox bundled with the kiosk (started when syncing)'
      : `Backend    live mode, ${info.backend.url || 'no URL'}; ` +
        `${info.backend.configured ? 'configured' : 'not configured'}; reachable: ${info.backend.reachable === null ? 'not checked' : info.backend.reachable ? 'yes' : 'no'}`,
    ...info.backend.problems.map((p) => `  ! ${p}`),
    ...(info.trust === undefined
      ? []
      : [
          `Audit log  ${mark(info.trust.audit.ok)} ${info.trust.audit.entries} entries${info.trust.audit.ok ? ', chain verified' : `: ${info.trust.audit.firstBad ?? 'does not verify'}`}`,
          info.trust.setupMode
            ? 'Staff      ! set-up mode: no staff account yet, the staff desk is open to anyone (kiosk staff add)'
            : 'Staff      ✓ sign-in required',
        ]),
    problems.length === 0 ? 'Ready.' : `Not ready:\n${problems.map((p) => `  ✗ ${p}`).join('\n')}`,
  ]
  return lines.join('\n')
}
