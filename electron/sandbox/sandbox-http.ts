/** Small HTTP helpers for the sandbox: bounded bodies, JSON answers, vendor-style error bodies. */
import type { IncomingMessage, ServerResponse } from 'node:http'

export class BodyTooLarge extends Error {}
export class BodyAborted extends Error {}

/**
 * Reads the whole request body, refusing more than `limit` bytes. A body cut short (the client
 * died mid-upload) rejects with BodyAborted, so a half-received zip is never counted or processed.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength
      if (size > limit) {
        done = true
        reject(new BodyTooLarge(`body larger than ${limit} bytes`))
        req.destroy()
        return
      }
      chunks.push(chunk)
    })
    req.on('end', () => {
      if (done) return
      done = true
      const body = Buffer.concat(chunks)
      const declared = req.headers['content-length']
      if (declared !== undefined && Number(declared) !== body.byteLength) {
        reject(new BodyAborted('body shorter than its Content-Length'))
      } else {
        resolve(body)
      }
    })
    req.on('aborted', () => {
      if (!done) reject(new BodyAborted('the client went away mid-body'))
      done = true
    })
    req.on('error', (err) => {
      if (!done) reject(err)
      done = true
    })
  })
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  })
  res.end(text)
}

/** `{code, error}`: the vendor's error body. */
export function sendError(
  res: ServerResponse,
  status: number,
  code: string,
  error: string,
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { code, error }, headers)
}

/** S3 answers presigned-URL problems in XML; so does the sandbox, so clients meet the real shape. */
export function sendS3Error(
  res: ServerResponse,
  status: number,
  code: string,
  message: string,
): void {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message></Error>`
  res.writeHead(status, {
    'content-type': 'application/xml',
    'content-length': Buffer.byteLength(xml),
  })
  res.end(xml)
}

export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) as unknown }
  } catch {
    return { ok: false }
  }
}

export const isObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v)
