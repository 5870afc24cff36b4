/**
 * Driverless scanning over eSCL (Apple AirScan / Mopria), plain HTTP with undici: capabilities,
 * status, POST ScanJobs (201 + Location), GET {job}/NextDocument until the image arrives
 * (503 = still scanning), DELETE {job} to cancel. USB-only devices are reachable the same way
 * through ipp-usb on localhost. Device ids: `escl:<base URL ending in /eSCL>`.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { request } from 'undici'
import { AppError } from '../../shared/contract/result'
import { parseCapabilities, parseStatus, scanSettings, type EsclStatus } from './escl-xml'
import {
  checkRequest,
  ScannerError,
  type ScannerCapabilities,
  type ScannerDevice,
  type ScannerDriver,
  type ScanRequest,
  type ScanResult,
} from './scanner-driver'

export interface EsclOptions {
  /** Base URLs of known eSCL scanners, e.g. http://192.168.1.20/eSCL. */
  urls: string[]
  /** Whole-scan limit (default 120 s); each HTTP request also times out after requestMs. */
  timeoutMs?: number
  requestMs?: number
  /** Wait between NextDocument polls while the device answers 503 (default 500 ms). */
  pollMs?: number
}

const FORMATS = ['image/jpeg', 'image/png'] as const

export function createEsclDriver(o: EsclOptions): ScannerDriver {
  const timeoutMs = o.timeoutMs ?? 120_000
  const requestMs = o.requestMs ?? 15_000
  const pollMs = o.pollMs ?? 500

  async function http(
    id: string,
    url: string,
    init: { method?: 'GET' | 'POST' | 'DELETE'; body?: string; signal?: AbortSignal } = {},
  ) {
    try {
      const res = await request(url, {
        method: init.method ?? 'GET',
        ...(init.body === undefined
          ? {}
          : { body: init.body, headers: { 'content-type': 'text/xml' } }),
        headersTimeout: requestMs,
        bodyTimeout: requestMs,
        ...(init.signal === undefined ? {} : { signal: init.signal }),
      })
      return res
    } catch (err) {
      if (init.signal?.aborted === true) throw new ScannerError(id, 'cancelled')
      const code = (err as { code?: string }).code ?? ''
      if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONNRESET/.test(code)) {
        throw new ScannerError(id, 'absent', code)
      }
      if (/TIMEOUT/i.test(code)) throw new ScannerError(id, 'timeout', code)
      throw new ScannerError(id, 'failed', (err as Error).message)
    }
  }

  async function capabilitiesOf(id: string, base: string) {
    const res = await http(id, `${base}/ScannerCapabilities`)
    const body = await res.body.text()
    if (res.statusCode !== 200) {
      throw new ScannerError(id, 'failed', `ScannerCapabilities answered HTTP ${res.statusCode}`)
    }
    return parseCapabilities(body)
  }

  async function statusOf(id: string, base: string): Promise<EsclStatus | null> {
    try {
      const res = await http(id, `${base}/ScannerStatus`)
      const body = await res.body.text()
      return res.statusCode === 200 ? parseStatus(body) : null
    } catch {
      return null
    }
  }

  /** Why the device will not (or did not) scan, from its status, if it says. */
  function blocked(id: string, s: EsclStatus | null): ScannerError | null {
    if (s === null) return null
    if (s.adfState === 'ScannerAdfJam' || s.adfState === 'ScannerAdfMispick') {
      return new ScannerError(id, 'jammed', s.adfState)
    }
    if (s.adfState === 'ScannerAdfHatchOpen') return new ScannerError(id, 'cover_open', s.adfState)
    if (s.state === 'Processing' || s.state === 'Testing') {
      return new ScannerError(id, 'busy', `state ${s.state}`)
    }
    if (s.state === 'Down' || s.state === 'Stopped') {
      return new ScannerError(id, 'failed', `state ${s.state}`)
    }
    return null
  }

  return {
    kind: 'escl',
    async list(): Promise<ScannerDevice[]> {
      const out: ScannerDevice[] = []
      for (const url of o.urls) {
        const base = normalise(url)
        const id = `escl:${base}`
        try {
          const caps = await capabilitiesOf(id, base)
          out.push({ id, driver: 'escl', name: caps.makeAndModel ?? 'eSCL scanner', address: base })
        } catch {
          // An unreachable configured scanner is still listed, so staff see it is missing.
          out.push({ id, driver: 'escl', name: 'eSCL scanner (not reachable)', address: base })
        }
      }
      return out
    },

    async capabilities(id: string): Promise<ScannerCapabilities> {
      const caps = await capabilitiesOf(id, baseOf(id))
      return {
        resolutions: caps.resolutions,
        modes: caps.modes,
        sources: caps.sources,
        maxWidthMm: caps.maxWidthMm,
        maxHeightMm: caps.maxHeightMm,
      }
    },

    async scan(id: string, req: ScanRequest): Promise<ScanResult> {
      checkRequest(id, req)
      const base = baseOf(id)
      const caps = await capabilitiesOf(id, base)
      checkRequest(id, req, caps)
      const pre = blocked(id, await statusOf(id, base))
      if (pre !== null) throw pre
      const format = FORMATS.find((f) => caps.formats.includes(f)) ?? 'image/jpeg'
      const source =
        req.source ?? (caps.sources.includes('Platen') ? 'Platen' : (caps.sources[0] ?? 'Platen'))
      const deadline = AbortSignal.timeout(timeoutMs)
      const signal = req.signal === undefined ? deadline : AbortSignal.any([req.signal, deadline])

      const created = await http(id, `${base}/ScanJobs`, {
        method: 'POST',
        body: scanSettings({
          dpi: req.dpi,
          mode: req.mode,
          source,
          format,
          widthMm: caps.maxWidthMm,
          heightMm: caps.maxHeightMm,
        }),
        signal,
      })
      await created.body.text()
      if (created.statusCode === 503) throw new ScannerError(id, 'busy', 'ScanJobs answered 503')
      if (created.statusCode === 409) throw new ScannerError(id, 'busy', 'ScanJobs answered 409')
      if (created.statusCode !== 201) {
        throw new ScannerError(id, 'failed', `ScanJobs answered HTTP ${created.statusCode}`)
      }
      const location = created.headers.location
      if (typeof location !== 'string' || location === '') {
        throw new ScannerError(id, 'failed', 'ScanJobs gave no Location for the job')
      }
      const job = new URL(location, `${base}/`).toString().replace(/\/$/, '')
      const cancel = () =>
        void http(id, job, { method: 'DELETE' })
          .then((r) => r.body.dump())
          .catch(() => undefined)
      try {
        for (;;) {
          const res = await http(id, `${job}/NextDocument`, { signal })
          if (res.statusCode === 200) {
            const bytes = Buffer.from(await res.body.arrayBuffer())
            const mime = String(res.headers['content-type'] ?? format)
              .split(';')[0]!
              .trim()
            return {
              bytes,
              mime: mime === 'image/png' ? 'image/png' : 'image/jpeg',
              dpi: req.dpi,
              mode: req.mode,
            }
          }
          await res.body.dump()
          if (res.statusCode === 503) {
            await sleep(pollMs, undefined, { signal })
            continue
          }
          // 404: the job ended without a page; the status says why (jam, empty feeder …).
          throw (
            blocked(id, await statusOf(id, base)) ??
            new ScannerError(
              id,
              res.statusCode === 404 ? 'no_paper' : 'failed',
              `NextDocument answered HTTP ${res.statusCode}`,
            )
          )
        }
      } catch (err) {
        if (signal.aborted) {
          cancel()
          throw new ScannerError(id, req.signal?.aborted === true ? 'cancelled' : 'timeout')
        }
        throw err
      }
    },
  }
}

function baseOf(id: string): string {
  return normalise(id.startsWith('escl:') ? id.slice(5) : id)
}

function normalise(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new AppError(
      'invalid_input',
      `"${url}" is not an eSCL address; use e.g. http://192.168.1.20/eSCL`,
    )
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new AppError('invalid_input', `"${url}" is not an http(s) eSCL address`)
  }
  return u.toString().replace(/\/+$/, '')
}
