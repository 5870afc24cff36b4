/** Serves a built folder read-only, with no way out of it and a single-page-app fallback. */
import { createReadStream, existsSync, statSync } from 'node:fs'
import type { ServerResponse } from 'node:http'
import { extname, join, normalize, resolve, sep } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.task': 'application/octet-stream',
  '.ico': 'image/x-icon',
}

/** Resolves a URL path inside `root`, or undefined when it would escape it or does not exist. */
export function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const base = resolve(root)
  const full = resolve(base, '.' + normalize('/' + decoded))
  if (full !== base && !full.startsWith(base + sep)) return undefined
  return existsSync(full) && statSync(full).isFile() ? full : undefined
}

export const contentTypeOf = (file: string): string =>
  TYPES[extname(file)] ?? 'application/octet-stream'

export function sendFile(res: ServerResponse, file: string, headers: Record<string, string>): void {
  res.writeHead(200, {
    ...headers,
    'Content-Type': contentTypeOf(file),
    'Content-Length': String(statSync(file).size),
    'Cache-Control': 'no-store',
  })
  createReadStream(file).pipe(res)
}

export const indexFile = (root: string): string => join(root, 'index.html')
