/** Runs the built `kiosk` binary as a user would: a real process, real files, real exit codes. */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const REPO = resolve(import.meta.dirname, '..', '..')
export const KIOSK_BIN = join(REPO, 'bin', 'kiosk.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

function assertBuilt(): void {
  const out = process.env.KIOSK_OUT_DIR ?? 'out'
  if (!existsSync(join(REPO, out, 'main', 'cli.js'))) {
    throw new Error(
      `${out}/main/cli.js is missing: run \`npm run build\` before the integration tests`,
    )
  }
}

/** `input` is piped to the command's standard input (e.g. a PIN for --secret-stdin). */
export function kiosk(
  args: string[],
  opts: { dataDir: string; env?: NodeJS.ProcessEnv; input?: string },
): CliResult {
  assertBuilt()
  const r = spawnSync(process.execPath, [KIOSK_BIN, '--data-dir', opts.dataDir, ...args], {
    encoding: 'utf8',
    ...(opts.input === undefined ? {} : { input: opts.input }),
    env: { ...process.env, ...opts.env },
  })
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr }
}

export function kioskJson<T>(
  args: string[],
  opts: { dataDir: string; env?: NodeJS.ProcessEnv },
): T {
  const r = kiosk([...args, '--json'], opts)
  if (r.code !== 0) throw new Error(`kiosk ${args.join(' ')} exited ${r.code}: ${r.stderr}`)
  return JSON.parse(r.stdout) as T
}

/** Starts a long-running command (serve, sandbox, sync) and resolves once it printed a JSON line. */
export async function startKiosk<T>(
  args: string[],
  opts: { dataDir: string; env?: NodeJS.ProcessEnv },
): Promise<{ info: T; stop: () => Promise<void>; pid: number }> {
  assertBuilt()
  const child = spawn(
    process.execPath,
    [KIOSK_BIN, '--data-dir', opts.dataDir, '--json', ...args],
    {
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let stderr = ''
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const info = await new Promise<T>((resolvePromise, reject) => {
    let out = ''
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      const nl = out.indexOf('\n')
      if (nl >= 0) resolvePromise(JSON.parse(out.slice(0, nl)) as T)
    })
    child.once('exit', (code) =>
      reject(new Error(`kiosk ${args.join(' ')} exited ${code}: ${stderr}`)),
    )
  })
  return {
    info,
    pid: child.pid ?? -1,
    stop: () =>
      new Promise<void>((res) => {
        if (child.exitCode !== null) return res()
        child.once('exit', () => res())
        child.kill('SIGTERM')
      }),
  }
}
