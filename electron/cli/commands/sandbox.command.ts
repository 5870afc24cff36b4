/**
 * `kiosk sandbox`: runs the bundled sandbox backend in the foreground until Ctrl+C / SIGTERM.
 * Its store and certificate live in <data-dir>/sandbox (the demo mode's folder), or --sandbox-dir.
 */
import { join } from 'node:path'
import type { Command } from 'commander'
import { modelsDir } from '../../core/paths'
import { defaultDecider } from '../../sandbox/sandbox-engine'
import { unavailableDecider } from '../../sandbox/sandbox-decider'
import type { SandboxFaults } from '../../sandbox/sandbox-faults'
import { startSandbox } from '../../sandbox/sandbox-server'
import { numberOption, type GlobalOptions } from '../output'

interface SandboxFlags {
  port: string
  host: string
  partnerId?: string
  apiKey?: string
  sandboxDir?: string
  tls?: boolean
  cert?: string
  key?: string
  latency?: string
  errorRate?: string
  retryAfter?: string
  dropRate?: string
  dropAfterRate?: string
  captivePortal?: boolean
  clockSkew?: string
  uploadTtl?: string
  processingMs?: string
  reviewDelay?: string
  seed?: string
  rateLimit?: string
  faceEngine: boolean
}

export function registerSandboxCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('sandbox')
    .description(
      'run the bundled sandbox backend (Smile ID v1 protocol) on this machine; prints its base URL',
    )
    .option('--port <n>', 'port to listen on (0: any free port)', '0')
    .option('--host <addr>', 'address to listen on', '127.0.0.1')
    .option(
      '--partner-id <id>',
      'partner id clients must sign with (default: generated once and kept)',
    )
    .option('--api-key <key>', 'API key clients must sign with (default: generated once and kept)')
    .option(
      '--sandbox-dir <dir>',
      'where the sandbox keeps its store and certificate (default: <data-dir>/sandbox)',
    )
    .option(
      '--tls',
      'serve HTTPS with a self-signed certificate for 127.0.0.1 (written as sandbox-cert.pem)',
    )
    .option('--cert <file>', 'serve HTTPS with this certificate (PEM) …')
    .option('--key <file>', '… and this private key (PEM)')
    .option('--latency <ms>', 'fault: delay every API answer')
    .option('--error-rate <0..1>', 'fault: share of API requests answered 503 (code 2201)')
    .option('--retry-after <s>', 'fault: Retry-After seconds on those 503s')
    .option('--drop-rate <0..1>', 'fault: share of connections cut before the request is handled')
    .option(
      '--drop-after-rate <0..1>',
      'fault: share of requests handled whose answer is then lost',
    )
    .option('--captive-portal', 'fault: answer everything with a Wi-Fi login page (HTML)')
    .option(
      '--clock-skew <s>',
      'fault: the sandbox clock runs this many seconds ahead (negative: behind)',
    )
    .option('--upload-ttl <s>', 'how long presigned upload URLs stay valid (default 3600)')
    .option(
      '--processing-ms <ms>',
      'time from a zip arriving to its result, as behind S3 (default 1000; 0: before the PUT is answered)',
    )
    .option(
      '--review-delay <s>',
      'how long the simulated human review of a provisional result takes (default 10)',
    )
    .option('--seed <n>', 'seed of the fault dice (same seed, same faults)')
    .option(
      '--rate-limit <n>',
      'accept at most n API requests per second; above it answer 429 with Retry-After (0: no limit)',
    )
    .option('--no-face-engine', 'decide without the face engine even when its models are present')
    .action(async (flags: SandboxFlags) => {
      const opts = globals()
      const port = int(flags.port, '--port', 0, 65535)
      const faults = parseFaults(flags)
      const dataDir = flags.sandboxDir ?? join(opts.dataDir, 'sandbox')
      const decider = flags.faceEngine
        ? await defaultDecider(modelsDir())
        : unavailableDecider('disabled with --no-face-engine')
      const sandbox = await startSandbox({
        dataDir,
        port,
        host: flags.host,
        partnerId: flags.partnerId,
        apiKey: flags.apiKey,
        tls: flags.tls === true,
        certFile: flags.cert,
        keyFile: flags.key,
        faults,
        decider,
      })
      const info = {
        url: sandbox.url,
        origin: sandbox.origin,
        partnerId: sandbox.partnerId,
        apiKey: sandbox.apiKey,
        certFile: sandbox.certFile,
        dataDir,
        engine: sandbox.engine,
        faults: sandbox.faults.get(),
        pid: process.pid,
      }
      if (opts.json) {
        // One line, so a supervising process can read it as soon as it appears.
        process.stdout.write(JSON.stringify(info) + '\n')
      } else {
        const active = Object.entries(faults).map(([k, v]) => `${k}=${String(v)}`)
        process.stdout.write(
          [
            `Sandbox backend at ${sandbox.url}`,
            `  partner id ${sandbox.partnerId}, API key ${sandbox.apiKey} (sandbox test credentials)`,
            ...(sandbox.certFile
              ? [
                  `  TLS certificate: ${sandbox.certFile} (trust it with NODE_EXTRA_CA_CERTS or backend.caFile)`,
                ]
              : []),
            `  decisions: ${sandbox.engine}; partner_params.sandbox_result "0"/"1"/"2" forces approve/reject/provisional`,
            `  data: ${dataDir}`,
            ...(active.length > 0 ? [`  faults: ${active.join(', ')}`] : []),
            'Ctrl+C stops it.',
          ].join('\n') + '\n',
        )
      }
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop)
          process.off('SIGTERM', stop)
          void sandbox.close().then(resolve)
        }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
      })
    })
}

function parseFaults(f: SandboxFlags): Partial<SandboxFaults> {
  const out: Partial<SandboxFaults> = {}
  if (f.latency !== undefined) out.latencyMs = int(f.latency, '--latency', 0, 60_000)
  if (f.errorRate !== undefined) out.errorRate = share(f.errorRate, '--error-rate')
  if (f.retryAfter !== undefined) out.retryAfterSec = int(f.retryAfter, '--retry-after', 0, 3600)
  if (f.dropRate !== undefined) out.dropRate = share(f.dropRate, '--drop-rate')
  if (f.dropAfterRate !== undefined) out.dropAfterRate = share(f.dropAfterRate, '--drop-after-rate')
  if (f.captivePortal) out.captivePortal = true
  if (f.clockSkew !== undefined) {
    out.clockSkewSec = int(f.clockSkew, '--clock-skew', -315_360_000, 315_360_000)
  }
  if (f.uploadTtl !== undefined) out.uploadTtlSec = int(f.uploadTtl, '--upload-ttl', 1, 604_800)
  if (f.processingMs !== undefined) {
    out.processingMs = int(f.processingMs, '--processing-ms', 0, 600_000)
  }
  if (f.reviewDelay !== undefined) {
    out.reviewDelaySec = num(f.reviewDelay, '--review-delay', 0, 86_400)
  }
  if (f.seed !== undefined) out.seed = int(f.seed, '--seed', -2_147_483_648, 2_147_483_647)
  if (f.rateLimit !== undefined) {
    out.rateLimitPerSec = int(f.rateLimit, '--rate-limit', 0, 1_000_000)
  }
  return out
}

const int = (v: string, name: string, min: number, max: number): number =>
  numberOption(v, name, { min, max })
const num = (v: string, name: string, min: number, max: number): number =>
  numberOption(v, name, { min, max, whole: false })
const share = (v: string, name: string): number => num(v, name, 0, 1)
