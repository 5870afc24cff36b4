/**
 * The browser host: the built renderer plus the contract over one WebSocket, on loopback only.
 * A random token per start guards the socket; Host and Origin checks stop DNS-rebinding and
 * other sites in the same browser from talking to it.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import { existsSync } from 'node:fs'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer, type WebSocket } from 'ws'
import { decodeFrame, encodeFrame, type ClientMessage } from '../shared/contract/wire'
import type { Core } from '../core/core'
import { MAX_IMAGE_BYTES } from '../shared/contract/contract'
import { indexFile, resolveInside, sendFile } from './static-files'

export interface BrowserHostOptions {
  core: Pick<Core, 'dispatch' | 'events' | 'log'>
  port: number
  staticDir: string
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string
  /** Extra read-only folders served under a URL prefix (e.g. models for MediaPipe). */
  mounts?: Record<string, string>
}

export interface BrowserHost {
  url: string
  port: number
  token: string
  close(): Promise<void>
}

export const API_PATH = '/api/ws'

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url')
  let port = opts.port
  const allowedHosts = () => new Set([`127.0.0.1:${port}`, `localhost:${port}`])
  const allowedOrigins = () => new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`])

  const server = createServer((req, res) => {
    if (!allowedHosts().has(req.headers.host ?? '')) return deny(res, 421, 'wrong host')
    if (req.method !== 'GET' && req.method !== 'HEAD') return deny(res, 405, 'method not allowed')
    serveStatic(req, res, opts, port)
  })
  const wss = new WebSocketServer({
    noServer: true, // A capture carries up to 24 images of at most MAX_IMAGE_BYTES each, plus the header.
    maxPayload: 24 * MAX_IMAGE_BYTES + 1024 * 1024,
  })

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://x')
    const ok =
      url.pathname === API_PATH &&
      allowedHosts().has(req.headers.host ?? '') &&
      allowedOrigins().has(req.headers.origin ?? '') &&
      sameToken(url.searchParams.get('token') ?? '', token)
    if (!ok) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n')
      socket.destroy()
      return
    }
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, opts.core))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port, '127.0.0.1', () => resolve())
  })
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate()
        wss.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function attach(ws: WebSocket, core: BrowserHostOptions['core']): void {
  const send = (msg: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(msg))
  }
  const unsubscribe = core.events.subscribe((event, payload) => send({ event, payload }))
  ws.on('close', unsubscribe)
  ws.on('message', (data, isBinary) => {
    void (async () => {
      let msg: ClientMessage
      try {
        if (!isBinary) throw new Error('text frames are not accepted')
        msg = parseClientMessage(decodeFrame(toBytes(data)))
      } catch (err) {
        core.log.warn('refused a malformed message on the host socket', { error: err })
        ws.close(1003, 'malformed message')
        return
      }
      send({ id: msg.id, result: await core.dispatch(msg.channel, msg.input) })
    })()
  })
}

function parseClientMessage(v: unknown): ClientMessage {
  const m = v as Partial<ClientMessage> | null
  if (
    typeof m !== 'object' ||
    m === null ||
    typeof m.id !== 'number' ||
    typeof m.channel !== 'string'
  ) {
    throw new Error('message is not {id, channel, input}')
  }
  return { id: m.id, channel: m.channel, input: m.input }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return Buffer.concat(data)
  return data instanceof ArrayBuffer ? new Uint8Array(data) : data
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  opts: BrowserHostOptions,
  port: number,
): void {
  const path = new URL(req.url ?? '/', 'http://x').pathname
  for (const [prefix, dir] of Object.entries(opts.mounts ?? {})) {
    if (path.startsWith(prefix + '/')) {
      const file = resolveInside(dir, path.slice(prefix.length))
      return file ? sendFile(res, file, securityHeaders(port)) : deny(res, 404, 'not found')
    }
  }
  const file = resolveInside(opts.staticDir, path === '/' ? '/index.html' : path)
  if (file) return sendFile(res, file, securityHeaders(port))
  const index = indexFile(opts.staticDir)
  if (!existsSync(index)) return deny(res, 503, 'the renderer is not built; run `npm run build`')
  // Client-side routes fall back to the app shell; missing assets (with an extension) do not.
  if (/\.[a-z0-9]+$/i.test(path)) return deny(res, 404, 'not found')
  sendFile(res, index, securityHeaders(port))
}

/** The same policy the Electron window gets, plus the loopback socket. */
function securityHeaders(port: number): Record<string, string> {
  return {
    'Content-Security-Policy': [
      "default-src 'self'",
      "script-src 'self' 'wasm-unsafe-eval'",
      "style-src 'self'",
      "img-src 'self' blob: data:",
      "media-src 'self' blob: mediastream:",
      `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
      "worker-src 'self' blob:",
      "object-src 'none'",
      "base-uri 'none'",
      "frame-ancestors 'none'",
      "form-action 'none'",
    ].join('; '),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(self), microphone=(), geolocation=(self)',
  }
}

function deny(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' })
  res.end(message + '\n')
}
