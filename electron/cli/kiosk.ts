/** The `kiosk` command line: the same core as the app, for operators and for tests. */
import { Command, CommanderError, Option } from 'commander'
import { defaultDataDir } from '../core/paths'
import { EXIT_USAGE, printError, type GlobalOptions } from './output'
import { registerAuditCommands } from './commands/audit.command'
import { registerCaptureCommands } from './commands/capture.command'
import { registerDbCommands } from './commands/db.command'
import { registerDoctorCommand } from './commands/doctor.command'
import { registerDocumentCommands } from './commands/document.command'
import { registerScannerCommands } from './commands/scanners.command'
import { registerFaceCommands } from './commands/face.command'
import { registerJobsCommands } from './commands/jobs.command'
import { registerPurgeCommand } from './commands/purge.command'
import { registerSandboxCommand } from './commands/sandbox.command'
import { registerServeCommand } from './commands/serve.command'
import { registerSettingsCommands } from './commands/settings.command'
import { registerStaffCommands } from './commands/staff.command'
import { registerSyncCommands } from './commands/sync.command'
import { registerFieldCommands } from './commands/field.command'
import { registerBundleCommands } from './commands/bundle.command'

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0
  const program = new Command('kiosk')
    .description('enrol-kiosk: capture, check and sync identity enrolment jobs')
    .addOption(
      new Option('--data-dir <dir>', 'where the job store lives')
        .env('KIOSK_DATA_DIR')
        .default(defaultDataDir(), 'the app data folder'),
    )
    .option('--json', 'machine-readable output on stdout', false)
    // Usage errors are one line: what was wrong, and where to look.
    .configureOutput({
      outputError: (str, write) =>
        write(`kiosk: ${firstLine(str).replace(/^error: /, '')} (see kiosk --help)\n`),
    })
    .exitOverride()

  const globals = (): GlobalOptions => {
    const o = program.opts<{ dataDir: string; json: boolean }>()
    return { dataDir: o.dataDir, json: o.json }
  }
  registerDoctorCommand(program, globals, (n) => (exitCode = n))
  registerCaptureCommands(program, globals)
  registerJobsCommands(program, globals)
  registerFaceCommands(program, globals)
  registerDocumentCommands(program, globals)
  registerScannerCommands(program, globals)
  registerPurgeCommand(program, globals)
  registerSettingsCommands(program, globals)
  registerServeCommand(program, globals)
  registerStaffCommands(program, globals)
  registerAuditCommands(program, globals, (n) => (exitCode = n))
  registerDbCommands(program, globals, (n) => (exitCode = n))
  registerSandboxCommand(program, globals)
  registerSyncCommands(program, globals, (n) => (exitCode = n))
  registerFieldCommands(program, globals)
  registerBundleCommands(program, globals)
  for (const cmd of program.commands) cmd.exitOverride().configureOutput(program.configureOutput())

  try {
    await program.parseAsync(argv)
    return exitCode
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version print themselves and exit 0; usage errors were printed as one line.
      return err.exitCode === 0 ? 0 : EXIT_USAGE
    }
    return printError(argv.includes('--json'), err)
  }
}

const firstLine = (s: string): string => s.split('\n')[0]?.trim() ?? ''
