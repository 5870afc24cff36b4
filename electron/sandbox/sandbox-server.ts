/**
 * The sandbox backend: the Smile ID v1 SmartSelfie surface (prep upload, presigned PUT,
 * job_status, signed callbacks) on loopback, over HTTP or HTTPS, with its own SQLite store and
 * fault knobs. The default backend of a fresh install (demo mode) and the peer of every sync test.
 */
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http'
import { createServer as createHttpsServer } from 'node:https'
import type { AddressInfo, Socket } from 'node:net'
import { AppError } from '../shared/contract/result'
import { handleAdmin, ADMIN_PREFIX } from './sandbox-admin.route'
import type { SandboxContext } from './sandbox-context'
import { unavailableDecider, type SandboxDecider } from './sandbox-decider'
import {
  CAPTIVE_PORTAL_HTML,
  createFaultState,
  type FaultState,
  type SandboxFaults,
} from './sandbox-faults'
import { BodyAborted, BodyTooLarge, sendError, sendJson } from './sandbox-http'
import { handlePrep } from './sandbox-prep.route'
import { startScheduler } from './sandbox-scheduler'
import { handleJobStatus } from './sandbox-status.route'
import { ensureSandboxCert, readCertPair, type TlsMaterial } from './sandbox-tls'
import { handleUpload } from './sandbox-upload.route'
import { createMeter, type SandboxMeter } from './sandbox-meter'
import { openSandboxRepo, type SandboxRepo } from './sandbox.repo'
import type { SandboxSeal } from './sandbox-seal'

export interface SandboxOptions {
  dataDir: string
  host?: string
  /** 0 (default) picks a free port. */
  port?: number
  partnerId?: string | undefined
  apiKey?: string | undefined
  tls?: boolean
  certFile?: string | undefined
  keyFile?: string | undefined
  faults?: Partial<SandboxFaults>
  decider?: SandboxDecider
  /** How far a request timestamp may be from the sandbox clock (default 15 min). */
  requestWindowSec?: number
  clock?: () => Date
  /** Demo mode: seal the API key, zips and templates it stores with the kiosk's device key. */
  seal?: SandboxSeal
}

export interface Sandbox {
  /** Base URL clients are given, ending in /v1. */
  url: string
  origin: string
  host: string
  port: number
  partnerId: string
  apiKey: string
  /** The PEM a client must trust (NODE_EXTRA_CA_CERTS), when serving HTTPS. */
  certFile: string | null
  engine: string
  faults: FaultState
  repo: SandboxRepo
  /** Requests per second as they arrived (the outage bench reads it). */
  meter: SandboxMeter
  close(): Promise<void>
}

export async function startSandbox(opts: SandboxOptions): Promise<Sandbox> {
  const realClock = opts.clock ?? (() => new Date())
  const faults = createFaultState(opts.faults)
  const now = () => new Date(realClock().getTime() + faults.get().clockSkewSec * 1000)
  const repo = openSandboxRepo(opts.dataDir, now, opts.seal)
  const creds = repo.partner({ partnerId: opts.partnerId, apiKey: opts.apiKey })
  let tls: TlsMaterial | null = null
  try {
    if (opts.certFile !== undefined || opts.keyFile !== undefined) {
      if (opts.certFile === undefined || opts.keyFile === undefined) {
        throw new AppError('invalid_input', '--cert and --key go together')
      }
      tls = readCertPair(opts.certFile, opts.keyFile)
    } else if (opts.tls) {
      tls = await ensureSandboxCert(opts.dataDir)
    }
  } catch (err) {
    repo.close()
    throw err
  }
  const host = opts.host ?? '127.0.0.1'
  const decider = opts.decider ?? unavailableDecider('no face engine configured')
  let origin = ''
  const ctx: SandboxContext = {
    repo,
    creds: { partnerId: creds.partnerId, apiKey: creds.apiKey },
    urlSecret: creds.urlSecret,
    faults,
    now,
    origin: () => origin,
    decider,
    requestWindowMs: (opts.requestWindowSec ?? 900) * 1000,
    wake: () => scheduler.wake(),
    meter: createMeter(),
  }
  const scheduler = startScheduler(ctx)
  const handler = (req: IncomingMessage, res: ServerResponse) => void route(ctx, req, res)
  const server: Server = tls
    ? createHttpsServer({ cert: tls.cert, key: tls.key }, handler)
    : createHttpServer(handler)
  server.keepAliveTimeout = 30_000
  const sockets = new Set<Socket>()
  server.on('connection', (s: Socket) => {
    sockets.add(s)
    s.once('close', () => sockets.delete(s))
  })
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(opts.port ?? 0, host, () => resolve())
    })
  } catch (err) {
    await scheduler.stop()
    repo.close()
    const code = (err as NodeJS.ErrnoException).code
    throw new AppError(
      'unavailable',
      `the sandbox cannot listen on ${host}:${opts.port ?? 0} (${code ?? String(err)})`,
    )
  }
  const port = (server.address() as AddressInfo).port
  origin = `${tls ? 'https' : 'http'}://${host}:${port}`
  let closed = false
  return {
    url: `${origin}/v1`,
    origin,
    host,
    port,
    partnerId: creds.partnerId,
    apiKey: creds.apiKey,
    certFile: tls?.certFile ?? null,
    engine: decider.description,
    faults,
    repo,
    meter: ctx.meter,
    async close() {
      if (closed) return
      closed = true
      await new Promise<void>((resolve) => {
        server.close(() => resolve())
        for (const s of sockets) s.destroy()
      })
      await scheduler.stop()
      await decider.close?.()
      repo.close()
    },
  }
}

async function route(
  ctx: SandboxContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://sandbox')
  // Answers carry the sandbox's own (possibly skewed) time, as a real server's would.
  res.setHeader('date', ctx.now().toUTCString())
  try {
    if (url.pathname.startsWith(ADMIN_PREFIX)) return await handleAdmin(ctx, req, res, url)
    const api = apiRoute(req.method ?? '', url.pathname)
    if (api === null) {
      if (req.method === 'GET' && (url.pathname === '/' || url.pathname === '/v1')) {
        return sendJson(res, 200, {
          service: 'enrol-kiosk sandbox',
          api: '/v1',
          partner_id: ctx.creds.partnerId,
          engine: ctx.decider.description,
        })
      }
      return sendError(res, 404, '2213', `no such endpoint: ${req.method ?? ''} ${url.pathname}`)
    }
    res.once('finish', () => ctx.meter.answered(res.statusCode))
    // Fault knobs, in the order the network would apply them.
    const f = ctx.faults.get()
    if (!ctx.meter.admit(f.rateLimitPerSec)) {
      req.resume()
      return sendError(res, 429, '2201', 'Too many requests: slow down', {
        'retry-after': String(Math.max(1, f.retryAfterSec)),
      })
    }
    if (f.captivePortal) {
      req.resume()
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
      return void res.end(CAPTIVE_PORTAL_HTML)
    }
    if (ctx.faults.roll(f.dropRate)) return void req.socket.destroy()
    if (f.latencyMs > 0) await new Promise((r) => setTimeout(r, f.latencyMs))
    if (ctx.faults.roll(f.errorRate)) {
      req.resume()
      return sendError(
        res,
        503,
        '2201',
        'System Error',
        f.retryAfterSec > 0 ? { 'retry-after': String(f.retryAfterSec) } : {},
      )
    }
    const lose = ctx.faults.roll(f.dropAfterRate)
    const target = lose ? swallow(res) : res
    if (api === 'prep') await handlePrep(ctx, req, target)
    else if (api === 'status') await handleJobStatus(ctx, req, target)
    else await handleUpload(ctx, req, target, url)
    if (lose) req.socket.destroy()
  } catch (err) {
    if (err instanceof BodyAborted) return void req.socket.destroy()
    if (err instanceof BodyTooLarge) {
      return sendError(res, 413, '2204', 'the request body is too large')
    }
    if (!res.headersSent) sendError(res, 500, '2201', 'System Error')
    else res.destroy()
  }
}

function apiRoute(method: string, path: string): 'prep' | 'status' | 'upload' | null {
  if (method === 'POST' && path === '/v1/upload') return 'prep'
  if (method === 'POST' && path === '/v1/job_status') return 'status'
  if (method === 'PUT' && path.startsWith('/uploads/')) return 'upload'
  return null
}

/** A response whose bytes never leave: the work is done, the answer is lost on the way back. */
function swallow(res: ServerResponse): ServerResponse {
  return new Proxy(res, {
    get(target, prop, receiver) {
      if (prop === 'writeHead') return () => receiver as ServerResponse
      if (prop === 'end' || prop === 'write') return () => true
      const v = Reflect.get(target, prop, target) as unknown
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v
    },
  })
}
