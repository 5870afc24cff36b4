/**
 * The core's logger: one JSON line per entry to stderr. Never pass images, keys or signatures;
 * `redact` strips fields whose names say they are secret, as a second line of defence.
 */
type Level = 'debug' | 'info' | 'warn' | 'error'
const SECRET = /(key|signature|secret|token|password|pin|image|bytes)/i

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export function createLogger(
  scope: string,
  sink: (line: string) => void = (l) => process.stderr.write(l + '\n'),
): Logger {
  const minLevel = process.env.KIOSK_LOG_LEVEL ?? 'warn'
  const order: Level[] = ['debug', 'info', 'warn', 'error']
  const write = (level: Level) => (msg: string, fields?: Record<string, unknown>) => {
    if (order.indexOf(level) < order.indexOf(minLevel as Level)) return
    sink(
      JSON.stringify({ at: new Date().toISOString(), level, scope, msg, ...redact(fields ?? {}) }),
    )
  }
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') }
}

export function redact(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(fields)) {
    if (SECRET.test(k)) out[k] = '[redacted]'
    else if (v instanceof Error) out[k] = v.message
    else out[k] = v
  }
  return out
}
