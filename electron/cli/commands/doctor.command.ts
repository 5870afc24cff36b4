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
      const info = await withCore(opts, (core) =>
        call(core, 'system:info', { probeBackend: flags.probe }),
      )
      const ready = readiness(info)
      print(opts, { ...info, ready: ready.length === 0, problems: ready }, () =>
        describe(info, ready),
      )
      if (ready.length > 0) setExit(EXIT_FAILURE)
    })
}

/** What stops this kiosk from capturing; optional models and an unreachable backend do not. */
function readiness(info: SystemInfo): string[] {
  const problems: string[] = []
  if (!info.database.ok) problems.push(`database: ${info.database.message ?? 'damaged'}`)
  for (const m of info.models) {
    if (m.status !== 'ok' && !OPTIONAL_MODELS.has(m.id)) {
      problems.push(`model ${m.id}: ${m.message ?? m.status}`)
    }
  }
  return problems
}
const OPTIONAL_MODELS = new Set(['ultraface', 'blaze_face'])

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
        `  ${mark(m.status === 'ok')} ${m.id.padEnd(16)} ${m.status === 'ok' ? m.file : (m.message ?? m.status)}`,
    ),
    `Inference  execution providers: ${info.executionProviders.available.join(', ') || 'none'}` +
      (info.executionProviders.message ? ` (${info.executionProviders.message})` : ''),
    `Backend    ${info.backend.mode} mode, ${info.backend.url || 'no URL'}; ` +
      `${info.backend.configured ? 'configured' : 'not configured'}; reachable: ${info.backend.reachable === null ? 'not checked' : info.backend.reachable ? 'yes' : 'no'}`,
    ...info.backend.problems.map((p) => `  ! ${p}`),
    problems.length === 0 ? 'Ready.' : `Not ready:\n${problems.map((p) => `  ✗ ${p}`).join('\n')}`,
  ]
  return lines.join('\n')
}
