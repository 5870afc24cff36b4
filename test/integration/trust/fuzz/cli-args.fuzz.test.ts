/**
 * The main commands with generated arguments: random options with random values, and in each
 * invocation at least one thing wrong (an unknown option, a value out of range or of the wrong
 * kind, a missing value, an extra argument, a file that is not there). Every one ends with exit 2
 * and one line on stderr saying what was wrong, before anything is opened, started or written.
 * Run in-process through the CLI's own `main` (hundreds of cases in seconds), then a sample
 * through the built `kiosk` binary, as a user runs it.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { main } from '../../../../electron/cli/kiosk'
import { kiosk } from '../../../support/cli'
import { tempDir } from '../../../support/temp'
import { fuzzParams } from './fuzz-support'

type Kind = 'int' | 'share' | 'num' | 'state' | 'id' | 'file' | 'kv' | 'str' | 'flag'

interface Spec {
  argv: string[]
  options: Record<string, Kind>
  /** How many positional arguments the command takes. */
  positionals: number
  /** A value is needed for these options (commander refuses the command without them). */
  required?: string[]
}

const CAPTURE: Record<string, Kind> = {
  '--user-id': 'id',
  '--job-id': 'id',
  '--selfie': 'file',
  '--liveness': 'file',
  '--id-front': 'file',
  '--id-back': 'file',
  '--meta': 'kv',
}

const COMMANDS: Spec[] = [
  { argv: ['enrol'], options: CAPTURE, positionals: 0, required: ['--user-id', '--selfie'] },
  { argv: ['auth'], options: CAPTURE, positionals: 0, required: ['--user-id', '--selfie'] },
  { argv: ['jobs', 'list'], options: { '--state': 'state', '--limit': 'int' }, positionals: 0 },
  { argv: ['jobs', 'show'], options: {}, positionals: 1 },
  { argv: ['jobs', 'retry'], options: { '--allow-new-enroll': 'flag' }, positionals: 1 },
  { argv: ['jobs', 'purge'], options: { '--dry-run': 'flag' }, positionals: 0 },
  { argv: ['settings', 'set'], options: {}, positionals: 2 },
  {
    argv: ['sync'],
    options: { '--once': 'flag', '--wait': 'int', '--concurrency': 'int' },
    positionals: 0,
  },
  {
    argv: ['sandbox'],
    options: {
      '--port': 'int',
      '--latency': 'int',
      '--error-rate': 'share',
      '--drop-rate': 'share',
      '--drop-after-rate': 'share',
      '--retry-after': 'int',
      '--clock-skew': 'int',
      '--upload-ttl': 'int',
      '--processing-ms': 'int',
      '--review-delay': 'num',
      '--seed': 'int',
    },
    positionals: 0,
  },
  { argv: ['serve'], options: { '--port': 'int' }, positionals: 0 },
  { argv: ['audit', 'list'], options: { '--limit': 'int', '--action': 'str' }, positionals: 0 },
  { argv: ['audit', 'verify'], options: {}, positionals: 0 },
  { argv: ['doctor'], options: { '--no-probe': 'flag' }, positionals: 0 },
]

const data = tempDir('kiosk-fuzz-cli-')

/** Values each kind accepts: the rest of the command line is plausible, so the mistake is one. */
const VALID: Record<Kind, string[]> = {
  int: ['1', '5', '30'],
  share: ['0', '0.5', '1'],
  num: ['0', '2.5'],
  state: ['captured', 'complete'],
  id: ['user-1', 'job.2'],
  file: ['/etc/hostname'],
  kv: ['source=fuzz', 'a=b'],
  str: ['jobs.captured'],
  flag: [],
}
/** Values each kind refuses, whatever the option's range. */
const INVALID: Partial<Record<Kind, string[]>> = {
  int: ['x', '1.5', '', ' ', 'NaN', 'Infinity', '99999999999', '1e400', '--'],
  share: ['x', '2', '-0.1', '', 'NaN'],
  num: ['x', '', 'NaN', '1e400', '-1e12'],
  state: ['x', 'COMPLETE', '', 'captured '],
  id: ['', ' ', '../../x', 'a b', 'é', '-'.repeat(200)],
  file: ['/nonexistent/selfie.jpg', '/etc', ''],
  kv: ['novalue', '=x', ''],
}

type Mistake =
  | { kind: 'unknown'; name: string }
  | { kind: 'bad_value'; option: string; value: string }
  | { kind: 'missing_value'; option: string }
  | { kind: 'extra_argument'; value: string }

const invocation = fc.constantFrom(...COMMANDS).chain((spec) => {
  const names = Object.keys(spec.options)
  const valued = names.filter((n) => spec.options[n] !== 'flag')
  const checkedValue = valued.filter((n) => INVALID[spec.options[n] as Kind] !== undefined)
  const mistakes: fc.Arbitrary<Mistake>[] = [
    fc
      .stringMatching(/^[a-z][a-z-]{0,12}$/)
      .filter((n) => !names.includes(`--${n}`) && !['help', 'json', 'data-dir'].includes(n))
      .map((n) => ({ kind: 'unknown', name: `--${n}` })),
    fc
      .string({ minLength: 1, maxLength: 12 })
      .filter((v) => !v.startsWith('-'))
      .map((value) => ({ kind: 'extra_argument', value })),
  ]
  if (checkedValue.length > 0) {
    mistakes.push(
      fc
        .constantFrom(...checkedValue)
        .chain((option) =>
          fc
            .constantFrom(...(INVALID[spec.options[option] as Kind] ?? []))
            .map((value) => ({ kind: 'bad_value', option, value })),
        ),
    )
  }
  if (valued.length > 0) {
    mistakes.push(fc.constantFrom(...valued).map((option) => ({ kind: 'missing_value', option })))
  }
  return fc.record({
    spec: fc.constant(spec),
    extras: fc.subarray(names),
    mistake: fc.oneof(...mistakes),
    positional: fc.array(fc.stringMatching(/^[a-z0-9.]{1,10}$/), {
      minLength: spec.positionals,
      maxLength: spec.positionals,
    }),
  })
})

/** The argv for one invocation: required options, random valid extras, one mistake. */
function argvOf(i: {
  spec: Spec
  extras: string[]
  mistake: Mistake
  positional: string[]
}): string[] {
  const out = [...i.spec.argv, ...i.positional]
  const wanted = new Set([...(i.spec.required ?? []), ...i.extras])
  const m = i.mistake
  for (const name of wanted) {
    if (m.kind === 'bad_value' && m.option === name) continue
    if (m.kind === 'missing_value' && m.option === name) continue
    const kind = i.spec.options[name] as Kind
    out.push(name, ...(kind === 'flag' ? [] : [VALID[kind][0] as string]))
  }
  if (m.kind === 'unknown') out.push(m.name)
  if (m.kind === 'bad_value') out.push(`${m.option}=${m.value}`)
  if (m.kind === 'extra_argument') out.splice(i.spec.argv.length + i.positional.length, 0, m.value)
  if (m.kind === 'missing_value') out.push(m.option)
  return out
}

/** Runs the CLI's main in this process, capturing what it writes. */
async function runInProcess(
  argv: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const out = process.stdout.write.bind(process.stdout)
  const err = process.stderr.write.bind(process.stderr)
  process.stdout.write = (c: string | Uint8Array) => ((stdout += String(c)), true)
  process.stderr.write = (c: string | Uint8Array) => ((stderr += String(c)), true)
  try {
    const code = await main(['node', 'kiosk', '--data-dir', data, ...argv])
    return { code, stdout, stderr }
  } finally {
    process.stdout.write = out
    process.stderr.write = err
  }
}

function expectUsageError(r: { code: number; stdout: string; stderr: string }, argv: string[]) {
  const what = `kiosk ${JSON.stringify(argv)} → ${r.code}: ${JSON.stringify(r.stderr)}`
  expect(r.code, what).toBe(2)
  expect(r.stderr, what).toMatch(/^kiosk: [^\n]+\n$/)
  expect(r.stderr.length, what).toBeLessThan(1200)
  expect(r.stdout, what).toBe('')
}

describe('kiosk arguments fuzz', () => {
  it('every invocation with a mistake exits 2 with one line saying what is wrong', async () => {
    await fc.assert(
      fc.asyncProperty(invocation, async (i) => {
        const argv = argvOf(i)
        expectUsageError(await runInProcess(argv), argv)
      }),
      fuzzParams(400),
    )
  })

  it('the built binary answers a sample of them the same way', () => {
    const sample = fc.sample(invocation, { numRuns: 8, seed: 42 }).map(argvOf)
    for (const argv of [
      ...sample,
      // Number('') is 0: these were taken as "no wait" and "any port" (serve then started).
      ['sync', '--once', '--wait', ''],
      ['serve', '--port', ' '],
      ['enrol', '--user-id', 'u', '--selfie', '/etc/hostname', '--meta', '=x'],
    ]) {
      expectUsageError(kiosk(argv, { dataDir: data }), argv)
    }
  })
})
