/** How the CLI speaks: JSON on stdout with --json, short human text otherwise, errors one line. */
import { AppError, toErrorShape } from '../shared/contract/result'

export interface GlobalOptions {
  dataDir: string
  json: boolean
}

/** Exit codes: 1 = something failed while working; 2 = the input was wrong (nothing was changed). */
export const EXIT_FAILURE = 1
export const EXIT_USAGE = 2

export function print(opts: GlobalOptions, value: unknown, human: () => string): void {
  process.stdout.write(opts.json ? JSON.stringify(value, null, 2) + '\n' : human() + '\n')
}

export function printError(json: boolean, err: unknown): number {
  const shape = toErrorShape(err)
  const message = shape.message.replace(/\s*\n\s*/g, ' ')
  process.stderr.write(`kiosk: ${message}\n`)
  if (json) process.stdout.write(JSON.stringify({ ok: false, error: { ...shape, message } }) + '\n')
  const usage = ['invalid_input', 'bad_image', 'conflict', 'not_found'].includes(shape.code)
  return usage ? EXIT_USAGE : EXIT_FAILURE
}

export const usageError = (message: string): AppError => new AppError('invalid_input', message)

/**
 * A numeric option's value, or a one-line usage error naming the range. Number('') is 0, so an
 * empty value is refused rather than quietly meaning zero (`--wait ""` is not "do not wait").
 */
export function numberOption(
  v: string,
  name: string,
  range: { min: number; max: number; whole?: boolean },
): number {
  const n = Number(v)
  const whole = range.whole !== false
  const fits =
    Number.isFinite(n) && (!whole || Number.isInteger(n)) && n >= range.min && n <= range.max
  if (v.trim() === '' || !fits) {
    const what = whole ? 'a whole number' : 'a number'
    throw usageError(`${name} is ${what} from ${range.min} to ${range.max} (got "${v}")`)
  }
  return n
}

/** Fixed-width table for terminals; wide cells are cut, never wrapped. */
export function table(headers: string[], rows: string[][], maxCell = 40): string {
  const cut = (s: string) => (s.length > maxCell ? s.slice(0, maxCell - 1) + '…' : s)
  const cells = [headers, ...rows].map((r) => r.map(cut))
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)))
  return cells
    .map((r) =>
      r
        .map((c, i) => c.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n')
}
