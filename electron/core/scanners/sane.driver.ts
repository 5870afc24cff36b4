/**
 * SANE through `scanimage` (sane-utils), in a child process: the SANE C API has no maintained
 * Node binding, and scanimage is the reference frontend every backend is tested against. It lists
 * devices, prints each device's options, and writes one PNG to stdout per scan; SIGINT makes it
 * cancel the scan on the device. Its sane_read/sane_open errors map to ScanFailure.
 * SANE_CONFIG_DIR in `env` chooses the backends (the test suite points it at resources/sane).
 */
import { spawn } from 'node:child_process'
import {
  checkRequest,
  COMMON_DPI,
  ScannerError,
  type ScanFailure,
  type ScanMode,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
  type ScanResult,
} from './scanner-driver'

export interface SaneOptions {
  /** The scanimage executable (default: `scanimage` on PATH). */
  bin?: string
  env?: NodeJS.ProcessEnv
  /** A scan that has not finished by then is cancelled (default 120 s). */
  timeoutMs?: number
}

interface Run {
  code: number | null
  stdout: Buffer
  stderr: string
}

export function createSaneDriver(o: SaneOptions = {}): ScannerDriver {
  const bin = o.bin ?? 'scanimage'
  const env = { ...process.env, ...o.env }
  const timeoutMs = o.timeoutMs ?? 120_000

  function run(
    args: string[],
    signal?: AbortSignal,
    limitMs = timeoutMs,
  ): Promise<Run & { why?: ScanFailure }> {
    return new Promise((resolve, reject) => {
      const child = spawn(bin, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })
      const out: Buffer[] = []
      let stderr = ''
      let why: ScanFailure | undefined
      const stop = (reason: ScanFailure) => {
        why = reason
        // SIGINT lets scanimage call sane_cancel, so the device stops too; SIGKILL if it hangs.
        child.kill('SIGINT')
        setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), 3000).unref()
      }
      const timer = setTimeout(() => stop('timeout'), limitMs)
      const onAbort = () => stop('cancelled')
      signal?.addEventListener('abort', onAbort, { once: true })
      child.stdout.on('data', (d: Buffer) => out.push(d))
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      child.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        reject(
          err.code === 'ENOENT'
            ? new ScannerError('sane', 'absent', `${bin} not found: install sane-utils`)
            : err,
        )
      })
      child.once('close', (code) => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        resolve({ code, stdout: Buffer.concat(out), stderr, ...(why ? { why } : {}) })
      })
    })
  }

  return {
    kind: 'sane',
    async list(): Promise<ScannerDevice[]> {
      // -f prints one line per device in our own format; tabs never occur in SANE names.
      const r = await run(['-f', '%d\t%v\t%m\t%t%n'], undefined, 30_000)
      if (r.code !== 0) throw new ScannerError('sane', 'failed', lastLine(r.stderr))
      return r.stdout
        .toString()
        .split('\n')
        .filter((l) => l.includes('\t'))
        .map((line) => {
          const [dev = '', vendor = '', model = '', type = ''] = line.split('\t')
          return {
            id: `sane:${dev}`,
            driver: 'sane' as const,
            name: [vendor, model, type].filter((s) => s !== '').join(' '),
            address: dev,
          }
        })
    },

    async capabilities(id: string): Promise<ScannerCapabilities> {
      const dev = deviceOf(id)
      const r = await run(['-d', dev, '-A'], undefined, 30_000)
      if (r.code !== 0) throw failure(id, r)
      return parseOptions(r.stdout.toString())
    },

    async scan(id: string, req: ScanRequest): Promise<ScanResult> {
      checkRequest(id, req)
      const dev = deviceOf(id)
      const args = [
        '-d',
        dev,
        '--format=png',
        `--mode=${req.mode === 'color' ? 'Color' : 'Gray'}`,
        `--resolution=${req.dpi}`,
        ...(req.source === undefined ? [] : [`--source=${req.source}`]),
        ...Object.entries(req.options ?? {}).map(([k, v]) => `--${k}=${v}`),
      ]
      const r = await run(args, req.signal)
      if (r.why !== undefined) throw new ScannerError(id, r.why)
      if (r.code !== 0) throw failure(id, r)
      // A failed read can still leave a PNG header on stdout; only a clean exit counts.
      if (r.stdout.length < 8 || r.stdout.readUInt32BE(0) !== 0x89504e47) {
        throw new ScannerError(id, 'failed', 'scanimage returned no PNG image')
      }
      return { bytes: r.stdout, mime: 'image/png', dpi: req.dpi, mode: req.mode }
    },
  }
}

function deviceOf(id: string): string {
  return id.startsWith('sane:') ? id.slice(5) : id
}

/** scanimage prints sane_strstatus() texts; these are SANE's own wordings. */
function failure(id: string, r: Run): ScannerError {
  const text = r.stderr
  const f: ScanFailure = /device busy/i.test(text)
    ? 'busy'
    : /jammed/i.test(text)
      ? 'jammed'
      : /out of documents|no docs/i.test(text)
        ? 'no_paper'
        : /cover is open/i.test(text)
          ? 'cover_open'
          : /open of device .* failed|no such device|invalid argument/i.test(text)
            ? 'absent'
            : 'failed'
  return new ScannerError(id, f, reasonLine(text) || `scanimage exited ${r.code}`)
}

/** scanimage's line naming the SANE call that failed; it may add "trying to stop scanner" after. */
function reasonLine(text: string): string {
  const lines = text.trim().split('\n')
  const call = lines.find((l) => /sane_\w+:|open of device/.test(l))
  return (call ?? lines.at(-1) ?? '').replace(/^scanimage: /, '').trim()
}

const lastLine = (s: string): string =>
  s
    .trim()
    .split('\n')
    .at(-1)
    ?.replace(/^scanimage: /, '') ?? ''

/** Reads `--mode`, `--resolution`, `--source`, `-x`, `-y` from `scanimage -A`. */
export function parseOptions(text: string): ScannerCapabilities {
  const option = (name: string): string | null => {
    const m = new RegExp(`^\\s+${name}[ =]([^\\n]*?)\\s*(\\[[^\\]]*\\])?\\s*$`, 'm').exec(text)
    return m?.[1]?.trim() ?? null
  }
  const modes: ScanMode[] = []
  for (const m of (option('--mode') ?? '').split('|')) {
    if (/colou?r/i.test(m)) modes.push('color')
    if (/gr[ae]y/i.test(m)) modes.push('gray')
  }
  const res = option('--resolution') ?? ''
  let resolutions: number[] = []
  const range = /^(\d+(?:\.\d+)?)\.\.(\d+(?:\.\d+)?)dpi/.exec(res)
  if (range !== null) {
    const lo = Number(range[1])
    const hi = Number(range[2])
    resolutions = COMMON_DPI.filter((d) => d >= lo && d <= hi)
  } else {
    resolutions = res
      .replace(/dpi.*$/, '')
      .split('|')
      .map(Number)
      .filter((n) => Number.isFinite(n) && n > 0)
  }
  const sources = (option('--source') ?? '').split('|').filter((s) => s !== '')
  const mm = (flag: string) => {
    const m = /\.\.(\d+(?:\.\d+)?)mm/.exec(option(flag) ?? '')
    return m === null ? null : Number(m[1])
  }
  return {
    resolutions,
    modes: [...new Set(modes)],
    sources,
    maxWidthMm: mm('-x'),
    maxHeightMm: mm('-y'),
  }
}
