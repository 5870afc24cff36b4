/**
 * Windows Image Acquisition through resources/wia/wia-scan.ps1 (see its README): a PowerShell
 * child process per call, one JSON line back. No native module to rebuild per Electron version,
 * and the COM calls stay in a process that cannot take the kiosk down with it.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { z } from 'zod'
import {
  checkRequest,
  ScannerError,
  type ScanFailure,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
  type ScanResult,
} from './scanner-driver'

export interface WiaOptions {
  /** Path of wia-scan.ps1. */
  script: string
  /** powershell.exe (default) or pwsh; tests pass a stand-in. */
  shell?: string
  /** Arguments placed before the script's own (default: the PowerShell flags). */
  shellArgs?: string[]
  timeoutMs?: number
  platform?: NodeJS.Platform
}

const Failure = z.object({ error: z.string(), message: z.string().optional() })
const ListReply = z.object({ devices: z.array(z.object({ id: z.string(), name: z.string() })) })
const CapsReply = z.object({
  resolutions: z.array(z.number()),
  modes: z.array(z.enum(['color', 'gray'])),
  sources: z.array(z.string()),
})
const ScanReply = z.object({ ok: z.literal(true), out: z.string() })

const FAILURES = new Set<ScanFailure>([
  'absent',
  'busy',
  'jammed',
  'no_paper',
  'cover_open',
  'failed',
])

export function createWiaDriver(o: WiaOptions): ScannerDriver {
  const platform = o.platform ?? process.platform
  const shell = o.shell ?? 'powershell.exe'
  const shellArgs = o.shellArgs ?? [
    '-NoProfile',
    '-NonInteractive',
    '-ExecutionPolicy',
    'Bypass',
    '-File',
  ]
  const timeoutMs = o.timeoutMs ?? 120_000

  function call(id: string, args: string[], signal?: AbortSignal): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const child = spawn(shell, [...shellArgs, o.script, ...args], {
        stdio: ['ignore', 'pipe', 'pipe'],
        windowsHide: true,
      })
      let out = ''
      let why: ScanFailure | null = null
      const timer = setTimeout(() => {
        why = 'timeout'
        child.kill()
      }, timeoutMs)
      const onAbort = () => {
        why = 'cancelled'
        child.kill()
      }
      signal?.addEventListener('abort', onAbort, { once: true })
      child.stdout.on('data', (d: Buffer) => (out += d.toString()))
      child.stderr.resume()
      child.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        reject(
          new ScannerError(
            id,
            'absent',
            err.code === 'ENOENT' ? `${shell} not found` : err.message,
          ),
        )
      })
      child.once('close', () => {
        clearTimeout(timer)
        signal?.removeEventListener('abort', onAbort)
        if (why !== null) return reject(new ScannerError(id, why))
        const line = out.trim().split('\n').at(-1) ?? ''
        let json: unknown
        try {
          json = JSON.parse(line)
        } catch {
          return reject(new ScannerError(id, 'failed', 'the WIA bridge printed no JSON'))
        }
        const f = Failure.safeParse(json)
        if (f.success) {
          const failure = FAILURES.has(f.data.error as ScanFailure)
            ? (f.data.error as ScanFailure)
            : 'failed'
          return reject(new ScannerError(id, failure, f.data.message))
        }
        resolve(json)
      })
    })
  }

  const onWindows = () => platform === 'win32'

  return {
    kind: 'wia',
    async list(): Promise<ScannerDevice[]> {
      if (!onWindows()) return []
      const reply = ListReply.parse(await call('wia', ['-List']))
      return reply.devices.map((d) => ({
        id: `wia:${d.id}`,
        driver: 'wia' as const,
        name: d.name,
        address: d.id,
      }))
    },

    async capabilities(id: string): Promise<ScannerCapabilities> {
      if (!onWindows()) throw new ScannerError(id, 'absent', 'WIA exists only on Windows')
      const r = CapsReply.parse(await call(id, ['-Capabilities', '-Device', deviceOf(id)]))
      return { ...r, maxWidthMm: null, maxHeightMm: null }
    },

    async scan(id: string, req: ScanRequest): Promise<ScanResult> {
      checkRequest(id, req)
      if (!onWindows()) throw new ScannerError(id, 'absent', 'WIA exists only on Windows')
      const dir = await mkdtemp(join(tmpdir(), 'kiosk-wia-'))
      const file = join(dir, 'scan.png')
      try {
        const args = [
          '-Device',
          deviceOf(id),
          '-Dpi',
          String(req.dpi),
          '-Mode',
          req.mode,
          '-Out',
          file,
        ]
        if (req.source !== undefined) args.push('-Source', req.source)
        ScanReply.parse(await call(id, args, req.signal))
        return { bytes: await readFile(file), mime: 'image/png', dpi: req.dpi, mode: req.mode }
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  }
}

const deviceOf = (id: string): string => (id.startsWith('wia:') ? id.slice(4) : id)
