/** The `kiosk` command line: the same core as the app, for operators and for tests. */
import { Command, CommanderError, Option } from 'commander'
import { defaultDataDir } from '../core/paths'
import { EXIT_USAGE, printError, type GlobalOptions } from './output'
import { registerCaptureCommands } from './commands/capture.command'
import { registerDoctorCommand } from './commands/doctor.command'
import { registerJobsCommands } from './commands/jobs.command'
import { registerServeCommand } from './commands/serve.command'
import { registerSettingsCommands } from './commands/settings.command'

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
  registerSettingsCommands(program, globals)
  registerServeCommand(program, globals)
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
