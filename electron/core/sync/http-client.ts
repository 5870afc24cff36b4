/**
 * The kiosk's HTTP client for the backend: undici (keep-alive pool per origin, precise connect /
 * header / body timeouts, a custom CA added to the system roots). Every answer is classified
 * here, so the engine never sees a raw socket error: anything that is not a proper answer from
 * the backend (refused, reset, timeout, DNS, a redirect or HTML page from a captive portal, a
 * body that is not JSON) means "offline", and the job stays queued untouched.
 */
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls'
import { Agent, request, type Dispatcher } from 'undici'

export interface HttpClientOptions {
  /** Extra PEM certificate(s) to trust besides the system roots (e.g. the sandbox's). */
  ca?: string | undefined
  connectionsPerOrigin?: number
  connectTimeoutMs?: number
  headersTimeoutMs?: number
  bodyTimeoutMs?: number
  /**
   * Most requests per second (0 or absent: no limit), spaced evenly from a random phase: a fleet of
   * kiosks that comes back online together reaches the backend spread out, at a rate its operator
   * chose (setting sync.maxRequestsPerSec), instead of in one storm.
   */
  maxRequestsPerSec?: number
  random?: () => number
  /** Called as each request actually leaves (after pacing): for measurements. */
  onSend?: () => void
}

export type Answer =
  /** The backend answered with a JSON body (any status). */
  | {
      kind: 'json'
      status: number
      body: unknown
      headers: Record<string, string>
      serverDate: number | null
    }
  /** A non-JSON answer that is still the backend's (e.g. an S3 PUT: empty 200, XML 403). */
  | {
      kind: 'raw'
      status: number
      text: string
      headers: Record<string, string>
      serverDate: number | null
    }
  | { kind: 'offline'; reason: string; uncertain: boolean }

export interface HttpClient {
  postJson(url: string, body: unknown, timeoutMs?: number): Promise<Answer>
  putZip(url: string, zip: Uint8Array, timeoutMs?: number): Promise<Answer>
  close(): Promise<void>
}

export function createHttpClient(opts: HttpClientOptions = {}): HttpClient {
  const pace = createPacer(opts.maxRequestsPerSec ?? 0, opts.random ?? Math.random)
  const agent = new Agent({
    connections: opts.connectionsPerOrigin ?? 16,
    keepAliveTimeout: 30_000,
    headersTimeout: opts.headersTimeoutMs ?? 30_000,
    bodyTimeout: opts.bodyTimeoutMs ?? 60_000,
    connect: {
      timeout: opts.connectTimeoutMs ?? 10_000,
      ...(opts.ca ? { secureContext: trustingContext(opts.ca) } : {}),
    },
  })

  async function send(
    url: string,
    init: { method: 'POST' | 'PUT'; body: string | Uint8Array; headers: Record<string, string> },
    timeoutMs: number,
    expectJson: boolean,
  ): Promise<Answer> {
    await pace()
    opts.onSend?.()
    let res: Dispatcher.ResponseData
    try {
      res = await request(url, {
        method: init.method,
        body: init.body,
        headers: init.headers,
        dispatcher: agent,
        signal: AbortSignal.timeout(timeoutMs),
      })
      const headers = flatHeaders(res.headers)
      const text = await boundedText(res, MAX_ANSWER_BYTES)
      if (text === null) {
        // The request may have been acted on (the status line came back): uncertain, like a cut.
        return {
          kind: 'offline',
          reason: `the answer was larger than ${MAX_ANSWER_BYTES / 1024 / 1024} MB and was not read (a proxy or not the backend)`,
          uncertain: true,
        }
      }
      const date = plausibleDate(headers.date)
      if (res.statusCode >= 300 && res.statusCode < 400) {
        return {
          kind: 'offline',
          reason: `redirected to ${headers.location ?? 'another page'} (captive portal or proxy)`,
          uncertain: false,
        }
      }
      const type = headers['content-type'] ?? ''
      if (/text\/html/i.test(type) || /^\s*<(!doctype|html)/i.test(text)) {
        return {
          kind: 'offline',
          reason: 'an HTML page answered instead of the backend (captive portal or proxy)',
          uncertain: false,
        }
      }
      if (!expectJson) {
        return { kind: 'raw', status: res.statusCode, text, headers, serverDate: date }
      }
      try {
        return {
          kind: 'json',
          status: res.statusCode,
          body: JSON.parse(text) as unknown,
          headers,
          serverDate: date,
        }
      } catch {
        // A 5xx from a load balancer is the backend having trouble, not the network.
        if (res.statusCode >= 500) {
          return { kind: 'raw', status: res.statusCode, text, headers, serverDate: date }
        }
        return {
          kind: 'offline',
          reason: `HTTP ${res.statusCode} with a body that is not JSON`,
          uncertain: false,
        }
      }
    } catch (err) {
      // After the request left, a cut connection or timeout leaves it unknown whether the backend
      // acted on it: callers that care (the PUT) must check before repeating it.
      return {
        kind: 'offline',
        reason: describeNetworkError(err),
        uncertain: !failedToConnect(err),
      }
    }
  }

  return {
    postJson: (url, body, timeoutMs = 30_000) =>
      send(
        url,
        {
          method: 'POST',
          body: JSON.stringify(body),
          headers: { 'content-type': 'application/json', accept: 'application/json' },
        },
        timeoutMs,
        true,
      ),
    putZip: (url, zip, timeoutMs = 120_000) =>
      send(
        url,
        {
          method: 'PUT',
          body: zip,
          headers: { 'content-type': 'application/zip', 'content-length': String(zip.byteLength) },
        },
        timeoutMs,
        false,
      ),
    close: () => agent.close(),
  }
}

/**
 * Waits for this request's turn: requests leave only on this kiosk's own grid of slots, `1/perSec`
 * apart at a random phase, one request per slot. A request never goes "now" just because the kiosk
 * was idle: anything that releases many kiosks at once (the backend coming back, a stall that
 * answers everyone together) would otherwise line their schedules up into waves. With random
 * phases, any second at the backend holds only the kiosks whose slot falls in it.
 */
export function createPacer(perSec: number, random: () => number): () => Promise<void> {
  if (!(perSec > 0)) return () => Promise.resolve()
  const gap = 1000 / perSec
  const phase = random() * gap
  let lastSlot = -Infinity
  return async () => {
    const now = performance.now()
    const slot = Math.max(Math.ceil((now - phase) / gap), lastSlot + 1)
    lastSlot = slot
    const at = phase + slot * gap
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now))
  }
}

/**
 * The system roots plus `ca`, built once: `ca` replaces Node's defaults, and parsing ~140 root
 * certificates for every new connection cost ~20 ms each on the build machine.
 */
export function trustingContext(ca: string): SecureContext {
  return createSecureContext({ ca: [...rootCertificates, ca] })
}

/**
 * Backend answers are a few kilobytes of JSON (a result with its Actions); anything near this is
 * not the backend. Read in full it could take the kiosk's memory with it (a body that never ends).
 */
export const MAX_ANSWER_BYTES = 2 * 1024 * 1024

/** The body as text, or null (and the connection dropped) once it passes `limit` bytes. */
async function boundedText(res: Dispatcher.ResponseData, limit: number): Promise<string | null> {
  const declared = Number(res.headers['content-length'])
  if (Number.isFinite(declared) && declared > limit) {
    res.body.destroy()
    return null
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of res.body) {
    const b = chunk as Buffer
    size += b.byteLength
    if (size > limit) {
      res.body.destroy()
      return null
    }
    chunks.push(b)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * The backend's clock from its Date header, when it is one: a date outside 2020–2100 is a broken
 * server or a proxy, not a clock to follow (one at year 275760 made every later signature an
 * Invalid Date, failing each job as an internal error once the kiosk adopted the backend's time).
 */
function plausibleDate(header: string | undefined): number | null {
  const ms = header === undefined ? NaN : Date.parse(header)
  return Number.isFinite(ms) && ms >= PLAUSIBLE_DATES[0] && ms <= PLAUSIBLE_DATES[1] ? ms : null
}
const PLAUSIBLE_DATES = [Date.UTC(2020, 0, 1), Date.UTC(2100, 0, 1)] as const

function flatHeaders(h: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(h)) {
    if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v
  }
  return out
}

const CONNECT_PHASE = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

/** Errors that happen before a single byte of the request could reach the backend. */
function failedToConnect(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } }
  return CONNECT_PHASE.has(e.code ?? e.cause?.code ?? '')
}

export function describeNetworkError(err: unknown): string {
  const e = err as {
    code?: string
    name?: string
    message?: string
    cause?: { code?: string; message?: string }
  }
  const code = e.code ?? e.cause?.code
  switch (code) {
    case 'ECONNREFUSED':
      return 'the backend refused the connection (not running or wrong port)'
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'the backend host name does not resolve (no network or DNS)'
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return 'the connection was cut'
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connecting to the backend timed out'
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
      return 'the backend did not answer in time'
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return 'no route to the backend (network down)'
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return `the backend's TLS certificate is not trusted (${code}); set backend.caFile if it is a private CA`
  }
  if (e.name === 'TimeoutError' || e.name === 'AbortError') {
    return 'the backend did not answer in time'
  }
  return `network error: ${e.message ?? String(err)}`
}
