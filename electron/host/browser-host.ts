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
import type { Connection } from '../core/staff/connection'
import { MAX_IMAGE_BYTES } from '../shared/contract/contract'
import { contentSecurityPolicy } from '../shared/trust/content-security.policy'
import { indexFile, resolveInside, sendFile } from './static-files'

export interface BrowserHostOptions {
  /** Each socket gets its own connection, so staff sessions and access checks are per page. */
  core: Pick<Core, 'connect' | 'events' | 'log'>
  port: number
  staticDir: string
  /** Fixed token for tests; a fresh random one otherwise. */
  token?: string
  /** Extra read-only folders served under a URL prefix (e.g. models for MediaPipe). */
  mounts?: Record<string, string>
  /** Single read-only files by exact URL path (e.g. one verified model, not its whole folder). */
  files?: Record<string, string>
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
  // Open connections, so close() can end their staff sessions while the store is still open.
  const connections = new Set<Connection>()
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
    wss.handleUpgrade(req, socket, head, (ws) => attach(ws, opts.core, connections))
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
        for (const conn of connections) conn.close()
        connections.clear()
        for (const c of wss.clients) c.terminate()
        wss.close()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

function attach(
  ws: WebSocket,
  core: BrowserHostOptions['core'],
  connections: Set<Connection>,
): void {
  const send = (msg: unknown) => {
    if (ws.readyState === ws.OPEN) ws.send(encodeFrame(msg))
  }
  const conn = core.connect('browser-host')
  connections.add(conn)
  const unsubscribe = core.events.subscribe((event, payload) => {
    if (conn.mayReceive(event)) send({ event, payload })
  })
  // A frame ws itself refuses (more than maxPayload declared, a bad opcode, invalid UTF-8 …) is
  // emitted as 'error' after ws has sent the close code (1009, 1002, 1007 …); with no listener
  // that error was thrown and took the whole host down with it.
  ws.on('error', (err) => core.log.warn('closed a socket that broke the protocol', { error: err }))
  ws.on('close', () => {
    unsubscribe()
    if (!connections.delete(conn)) return // the host already closed it on shutdown
    try {
      conn.close()
    } catch (err) {
      core.log.warn('could not end the staff session of a closed socket', { error: err })
    }
  })
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
      send({ id: msg.id, result: await conn.dispatch(msg.channel, msg.input) })
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
  const single = opts.files && Object.hasOwn(opts.files, path) ? opts.files[path] : undefined
  if (single !== undefined) return sendFile(res, single, securityHeaders(port))
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
    'Content-Security-Policy': contentSecurityPolicy([
      `ws://127.0.0.1:${port}`,
      `ws://localhost:${port}`,
    ]),
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
