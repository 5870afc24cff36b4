import { randomBytes } from 'node:crypto'
import { request } from 'node:http'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { openCore, type Core } from '../../../electron/core/core'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { API_PATH, startBrowserHost, type BrowserHost } from '../../../electron/host/browser-host'
import {
  decodeFrame,
  encodeFrame,
  type ServerMessage,
} from '../../../electron/shared/contract/wire'
import { readShared } from '../../support/shared-data'
import { tempDir } from '../../support/temp'

function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d.toString()))
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }))
      },
    )
    req.on('error', reject)
    req.end()
  })
}

function connect(
  host: BrowserHost,
  token: string,
  origin = `http://127.0.0.1:${host.port}`,
): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${API_PATH}?token=${token}`, { origin })
    ws.once('open', () => resolve(ws))
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
}

function rpc(ws: WebSocket, id: number, channel: string, input: unknown): Promise<ServerMessage> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const msg = decodeFrame(new Uint8Array(data)) as ServerMessage
      if ('id' in msg && msg.id === id) {
        ws.off('message', onMessage)
        resolve(msg)
      }
    }
    ws.on('message', onMessage)
    ws.send(encodeFrame({ id, channel, input }))
  })
}

describe('browser host', () => {
  let core: Core
  let host: BrowserHost
  const base = tempDir()
  const staticDir = join(base, 'renderer')

  beforeAll(async () => {
    mkdirSync(join(staticDir, 'assets'), { recursive: true })
    // A file right next to the served folder: the first thing a traversal would reach.
    writeFileSync(join(base, 'secret.txt'), 'outside')
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>kiosk</title>')
    writeFileSync(join(staticDir, 'assets', 'app.js'), 'console.log(1)')
    core = openCore({ dataDir: tempDir(), keyring: keyringFromKey(randomBytes(32), 't') })
    host = await startBrowserHost({ core, port: 0, staticDir })
  })
  afterAll(async () => {
    await host.close()
    core.close()
  })

  it('listens on loopback and hands out a long random token in the URL fragment', () => {
    expect(host.url).toMatch(
      new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[A-Za-z0-9_-]{32}$`),
    )
  })

  it('serves the renderer with a strict CSP, and falls back to the app shell for routes', async () => {
    const r = await get(host.port, '/')
    expect(r.status).toBe(200)
    expect(String(r.headers['content-security-policy'])).toContain("default-src 'self'")
    expect(String(r.headers['content-security-policy'])).toContain("object-src 'none'")
    expect((await get(host.port, '/queue')).body).toContain('<title>kiosk</title>')
    expect((await get(host.port, '/assets/app.js')).status).toBe(200)
    expect((await get(host.port, '/assets/missing.js')).status).toBe(404)
  })

  it('never serves files outside its folder', async () => {
    for (const p of [
      '/../secret.txt',
      '/%2e%2e/secret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/..%5csecret.txt',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%00',
    ]) {
      const r = await get(host.port, p)
      expect(r.body, p).not.toContain('outside')
      expect(r.body, p).not.toContain('root:')
    }
  })

  it('refuses other Host headers (DNS rebinding)', async () => {
    expect((await get(host.port, '/', { host: `evil.example:${host.port}` })).status).toBe(421)
  })

  it('refuses the socket without the token, with a wrong one, or from another origin', async () => {
    await expect(connect(host, '')).rejects.toThrow('HTTP 403')
    await expect(connect(host, 'x'.repeat(32))).rejects.toThrow('HTTP 403')
    await expect(connect(host, host.token, 'https://evil.example')).rejects.toThrow('HTTP 403')
  })

  it('carries contract calls with binary images, returns errors as data, pushes events', async () => {
    const ws = await connect(host, host.token)
    const changed = new Promise<unknown>((resolve) => {
      ws.on('message', (d: Buffer) => {
        const m = decodeFrame(new Uint8Array(d)) as ServerMessage
        if ('event' in m && m.event === 'jobs:changed') resolve(m.payload)
      })
    })
    const selfie = readShared('faces', 'df_B', 'df_B_img12.jpg')
    const res = await rpc(ws, 1, 'jobs:capture', {
      jobType: 4,
      userId: 'ws-user',
      jobId: 'ws-job',
      images: [{ kind: 'selfie', bytes: new Uint8Array(selfie) }],
    })
    expect(res).toMatchObject({
      id: 1,
      result: { ok: true, value: { job_id: 'ws-job', state: 'captured' } },
    })
    expect(await changed).toEqual({ jobId: 'ws-job', state: 'captured' })
    expect(core.jobs.readImages('ws-job')[0]?.bytes.equals(selfie)).toBe(true)

    const bad = await rpc(ws, 2, 'jobs:get', { jobId: 'nope' })
    expect(bad).toEqual({
      id: 2,
      result: { ok: false, error: { code: 'not_found', message: 'no job with id nope' } },
    })
    ws.close()
  })

  it('closes a socket that sends a malformed frame, and keeps serving others', async () => {
    const ws = await connect(host, host.token)
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)))
    ws.send(Buffer.from([0, 0, 0, 9, 1, 2]))
    expect(await closed).toBe(1003)
    const again = await connect(host, host.token)
    expect(await rpc(again, 1, 'jobs:list', {})).toMatchObject({ result: { ok: true } })
    again.close()
  })

  it('enforces staff access per socket once a staff account exists', async () => {
    // The CLI (local operator) creates the first supervisor; pages must then sign in.
    const created = await core.dispatch('staff:add', {
      username: 'sup',
      role: 'supervisor',
      secret: 'correct-horse-9',
    })
    expect(created.ok).toBe(true)
    const a = await connect(host, host.token)
    expect(await rpc(a, 1, 'jobs:list', {})).toMatchObject({
      result: { ok: false, error: { code: 'unauthenticated' } },
    })
    expect(
      await rpc(a, 2, 'staff:signIn', { username: 'sup', secret: 'correct-horse-9' }),
    ).toMatchObject({ result: { ok: true } })
    expect(await rpc(a, 3, 'jobs:list', {})).toMatchObject({ result: { ok: true } })
    // A second page is its own connection: signed out, whatever the first did.
    const b = await connect(host, host.token)
    expect(await rpc(b, 1, 'jobs:list', {})).toMatchObject({
      result: { ok: false, error: { code: 'unauthenticated' } },
    })
    a.close()
    b.close()
  })

  it('pushes staff-only events to signed-in staff only', async () => {
    // A staff account exists (previous test): a signed-out page is not in set-up mode any more.
    const heard = (ws: WebSocket) => {
      const events: string[] = []
      ws.on('message', (d: Buffer) => {
        const m = decodeFrame(new Uint8Array(d)) as ServerMessage
        if ('event' in m) events.push(m.event)
      })
      return events
    }
    const anon = await connect(host, host.token)
    const staff = await connect(host, host.token)
    const anonHeard = heard(anon)
    const staffHeard = heard(staff)
    expect(
      await rpc(staff, 1, 'staff:signIn', { username: 'sup', secret: 'correct-horse-9' }),
    ).toMatchObject({
      result: { ok: true },
    })
    core.events.emit('sync:status', core.sync.status())
    core.events.emit('jobs:changed', { jobId: 'job-x', state: 'captured' })
    // A round trip on each socket: events emitted before it have been delivered by then.
    await rpc(anon, 9, 'settings:get', {})
    await rpc(staff, 9, 'settings:get', {})
    // At a staff desk a signed-out page is a sign-in screen: it hears nothing.
    expect(anonHeard).toEqual([])
    expect(staffHeard).toEqual(['sync:status', 'jobs:changed'])
    anon.close()
    staff.close()

    // A self-service terminal hears what a customer screen needs, never sync's staff status.
    core.settings.set('ui.profile', 'self-service')
    const customer = await connect(host, host.token)
    const customerHeard = heard(customer)
    core.events.emit('sync:status', core.sync.status())
    core.events.emit('jobs:changed', { jobId: 'job-y', state: 'captured' })
    await rpc(customer, 1, 'settings:get', {})
    expect(customerHeard).toEqual(['jobs:changed'])
    customer.close()
  })
})
