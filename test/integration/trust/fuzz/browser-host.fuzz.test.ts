/**
 * The browser host's socket, fed what a broken or hostile page could send: random bytes, text
 * frames, frames whose blob references lie (wrong index, negative or wrong length), valid frames
 * with random content, and a frame declaring more than the host accepts. A malformed frame closes
 * that socket with 1003, an oversized one with 1009, a well-formed one always gets its envelope;
 * and after all of it the host still serves the next page.
 */
import { randomBytes } from 'node:crypto'
import { connect as tcpConnect } from 'node:net'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { openCore, type Core } from '../../../../electron/core/core'
import { keyringFromKey } from '../../../../electron/core/crypto/keyring'
import { createLogger } from '../../../../electron/core/log'
import {
  API_PATH,
  startBrowserHost,
  type BrowserHost,
} from '../../../../electron/host/browser-host'
import {
  decodeFrame,
  encodeFrame,
  type ServerMessage,
} from '../../../../electron/shared/contract/wire'
import { tempDir } from '../../../support/temp'
import { deviceKey } from '../trust-support'
import { fuzzParams, rendererValue, storeFingerprint } from './fuzz-support'

let core: Core
let host: BrowserHost
const warnings: string[] = []

beforeAll(async () => {
  core = openCore({
    dataDir: tempDir('kiosk-fuzz-host-'),
    keyring: keyringFromKey(deviceKey, 'test'),
    localChecks: () => Promise.resolve(null),
  })
  host = await startBrowserHost({
    // The host's own warnings, kept to check they never carry what the page sent.
    core: { ...core, log: createLogger('host', (line) => warnings.push(line)) },
    port: 0,
    staticDir: tempDir('kiosk-fuzz-host-static-'),
  })
})
afterAll(async () => {
  await host?.close()
  core?.close()
})

function open(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${API_PATH}?token=${host.token}`, {
      origin: `http://127.0.0.1:${host.port}`,
    })
    ws.once('open', () => resolve(ws))
    ws.once('error', reject)
  })
}

/** Sends one frame; resolves with the reply to it, or with how the host closed the socket. */
function exchange(
  ws: WebSocket,
  frame: Uint8Array | string,
  binary = true,
): Promise<{ reply: ServerMessage } | { closed: number }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer) => {
      const msg = decodeFrame(new Uint8Array(data)) as ServerMessage
      if ('id' in msg) {
        cleanup()
        resolve({ reply: msg })
      }
    }
    const onClose = (code: number) => {
      cleanup()
      resolve({ closed: code })
    }
    const cleanup = () => {
      ws.off('message', onMessage)
      ws.off('close', onClose)
    }
    ws.on('message', onMessage)
    ws.on('close', onClose)
    ws.send(frame, { binary })
  })
}

async function stillServing(): Promise<void> {
  const ws = await open()
  const r = await exchange(ws, encodeFrame({ id: 1, channel: 'settings:get', input: {} }))
  expect(r).toMatchObject({ reply: { id: 1, result: { ok: true } } })
  ws.close()
}

/**
 * Upgrades a raw TCP connection, writes `bytes` as they are, and resolves with the close code the
 * host sends (null if it sent none within `waitMs`: an incomplete frame it still waits for).
 */
function rawFrames(bytes: Buffer, waitMs = 5_000): Promise<number | null> {
  const socket = tcpConnect(host.port, '127.0.0.1')
  socket.write(
    [
      `GET ${API_PATH}?token=${host.token} HTTP/1.1`,
      `Host: 127.0.0.1:${host.port}`,
      `Origin: http://127.0.0.1:${host.port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      '',
      '',
    ].join('\r\n'),
  )
  let received = Buffer.alloc(0)
  let upgraded = false
  return new Promise<number | null>((resolve, reject) => {
    const done = (code: number | null) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(code)
    }
    const timer = setTimeout(() => done(null), waitMs)
    socket.on('data', (d: Buffer) => {
      received = Buffer.concat([received, d])
      const headEnd = received.indexOf('\r\n\r\n')
      if (headEnd < 0) return
      if (!upgraded) {
        if (!received.subarray(0, 12).toString().includes('101')) {
          return reject(new Error(received.toString()))
        }
        upgraded = true
        socket.write(bytes)
      }
      // The host's close frame: 0x88, length, then the 2-byte code.
      const rest = received.subarray(headEnd + 4)
      if (rest.length >= 4 && rest[0] === 0x88) done(rest.readUInt16BE(2))
    })
    socket.on('close', () => done(null))
    socket.on('error', () => done(null))
  })
}

const lyingRefs = fc
  .record({
    index: fc.integer({ min: -2, max: 3 }),
    n: fc.oneof(fc.integer({ min: -5, max: 64 }), fc.constantFrom(1.5, 2 ** 53, NaN)),
    actual: fc.uint8Array({ maxLength: 32 }),
  })
  .map(({ index, n, actual }) => {
    const head = Buffer.from(
      JSON.stringify({ id: 7, channel: 'jobs:capture', input: { bytes: { $bin: index, n } } }),
    )
    const len = Buffer.alloc(4)
    len.writeUInt32BE(head.length)
    return Uint8Array.from(Buffer.concat([len, head, actual]))
  })

describe('browser-host socket fuzz', () => {
  it('malformed frames close the socket with 1003; well-formed ones always get an envelope', async () => {
    const before = storeFingerprint(core.db)
    const frames = fc.oneof(
      fc.uint8Array({ maxLength: 300 }).map((b) => ({ frame: b, binary: true })),
      fc.string().map((t) => ({ frame: t, binary: false })),
      lyingRefs.map((b) => ({ frame: b, binary: true })),
      fc
        .tuple(fc.oneof(fc.nat(), fc.string(), fc.constant(null)), fc.string(), rendererValue())
        .map(([id, channel, input]) => {
          let frame: Uint8Array
          try {
            frame = encodeFrame({ id, channel, input })
          } catch {
            frame = encodeFrame({ id, channel, input: null })
          }
          return { frame: frame, binary: true }
        }),
    )
    let ws = await open()
    await fc.assert(
      fc.asyncProperty(frames, async ({ frame, binary }) => {
        if (ws.readyState !== WebSocket.OPEN) ws = await open()
        const r = await exchange(ws, frame, binary)
        if ('closed' in r) {
          expect(r.closed).toBe(1003)
          return
        }
        // Decoded as a message: the reply is the envelope, never a thrown error.
        const result = (r.reply as { result: { ok: boolean; error?: { code: string } } }).result
        expect(typeof result.ok).toBe('boolean')
        if (!result.ok) expect(result.error?.code).not.toBe('internal')
      }),
      fuzzParams(300),
    )
    ws.close()
    expect(storeFingerprint(core.db)).toBe(before)
    await stillServing()
    // Warnings say a frame was refused and why, never what was in it.
    for (const w of warnings) expect(w).not.toMatch(/\$bin|jobs:capture/)
  })

  it('a frame declaring more than the host accepts is refused with 1009, and the host lives', async () => {
    // One binary frame header claiming 1 TiB (masked, as a client must); no payload follows.
    const header = Buffer.alloc(14)
    header[0] = 0x82
    header[1] = 0x80 | 127
    header.writeBigUInt64BE(2n ** 40n, 2)
    randomBytes(4).copy(header, 10)
    // Before the fix ws's 'error' for this frame had no listener: an uncaught exception.
    expect(await rawFrames(header)).toBe(1009)
    await stillServing()
  })

  it('raw garbage after the upgrade never takes the host down', async () => {
    const garbage = fc.oneof(
      fc.uint8Array({ minLength: 2, maxLength: 64 }),
      // A frame header with random opcode / reserved bits / lengths, masked or not.
      fc
        .tuple(
          fc.integer({ min: 0, max: 255 }),
          fc.integer({ min: 0, max: 255 }),
          fc.uint8Array({ maxLength: 16 }),
        )
        .map(([b0, b1, rest]) => Uint8Array.from([b0, b1, ...rest])),
    )
    await fc.assert(
      fc.asyncProperty(garbage, async (bytes) => {
        const code = await rawFrames(Buffer.from(bytes), 300)
        expect([null, 1002, 1003, 1007, 1009]).toContain(code)
      }),
      fuzzParams(60),
    )
    await stillServing()
  })

  it('a text frame and a frame whose header runs past its end are refused with 1003', async () => {
    const head = Buffer.alloc(4)
    head.writeUInt32BE(1_000_000)
    for (const [frame, binary] of [
      ['{"id":1,"channel":"settings:get","input":{}}', false],
      [Uint8Array.from(Buffer.concat([head, Buffer.from('{}')])), true],
    ] as const) {
      const ws = await open()
      expect(await exchange(ws, frame, binary)).toEqual({ closed: 1003 })
    }
    await stillServing()
  })
})
