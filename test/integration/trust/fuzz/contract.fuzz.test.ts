/**
 * Every contract channel, fed what a broken or hostile renderer could send: arbitrary values
 * (JSON from the browser host, structured clones over Electron IPC) and valid calls with one part
 * mutated. The core must answer every call with the envelope (never throw), refuse bad input with a
 * known code and one line (never `internal`), and leave the store byte-for-byte as it was.
 * Real core, real SQLite file, real images; only the local face/document checks are off (they
 * run after input validation and would make each case cost seconds).
 */
import { describe, expect, it, beforeAll, afterAll } from 'vitest'
import fc from 'fast-check'
import { openCore, type Core } from '../../../../electron/core/core'
import { keyringFromKey } from '../../../../electron/core/crypto/keyring'
import { CHANNELS, contract, type Channel } from '../../../../electron/shared/contract/contract'
import type { Result } from '../../../../electron/shared/contract/result'
import { solidJpeg, truncate } from '../../../support/images'
import { tempDir } from '../../../support/temp'
import { deviceKey } from '../trust-support'
import {
  expectClearRefusal,
  fuzzParams,
  INPUT_CODES,
  rendererValue,
  storeFingerprint,
} from './fuzz-support'

/** Channels whose valid calls start heavy machinery (face engine, demo backend, OCR, model hashing). */
const HEAVY = new Set<Channel>(['capture:prepare', 'sync:run', 'system:info', 'documents:read'])
/** Refusing a credential is recorded (failed-attempt count, audit): wrong PINs are not bad input. */
const CREDENTIAL = new Set<Channel>(['staff:signIn', 'staff:passwd'])
const DENIED = new Set(['unauthenticated', 'forbidden'])

let core: Core
let jpeg: Buffer
/** A valid call per channel, to mutate. Channels added later get the arbitrary-value phase only. */
const bases: Partial<Record<Channel, Record<string, unknown>>> = {}

const isValid = (ch: Channel, v: unknown): boolean => contract[ch].input.safeParse(v ?? {}).success

beforeAll(async () => {
  core = openCore({
    dataDir: tempDir('kiosk-fuzz-contract-'),
    keyring: keyringFromKey(deviceKey, 'test'),
    localChecks: () => Promise.resolve(null),
  })
  jpeg = await solidJpeg(96, 96)
  const image = (kind: string) => ({ kind, bytes: jpeg, name: `${kind}.jpg` })
  for (let i = 0; i < 3; i++) {
    const r = await core.dispatch('jobs:capture', {
      jobType: 4,
      userId: `seed-user-${i}`,
      jobId: `seed-${i}`,
      images: [image('selfie'), image('liveness')],
    })
    expect(r.ok).toBe(true)
  }
  Object.assign(bases, {
    'system:info': { probeBackend: false },
    'jobs:list': { state: 'captured', limit: 5, offset: 0 },
    'jobs:get': { jobId: 'seed-0' },
    'jobs:capture': {
      jobType: 4,
      userId: 'fuzz-user',
      jobId: 'fuzz-job',
      images: [image('selfie'), image('liveness'), image('id_front')],
      metadata: { consent: true, device: { model: 'k1' } },
    },
    'documents:read': { front: truncate(jpeg, 0.5) },
    'settings:get': {},
    'settings:set': { key: 'ui.language', value: 'fr' },
    'staff:signIn': { username: 'nobody', secret: 'not-the-pin' },
    'staff:signOut': {},
    'staff:session': {},
    'staff:activity': {},
    'staff:list': {},
    'staff:add': { username: 'fuzz.sup', role: 'supervisor', secret: '123456' },
    'staff:passwd': { username: 'nobody', secret: '654321', currentSecret: 'x' },
    'staff:remove': { username: 'nobody' },
    'staff:unlock': { username: 'nobody' },
    'audit:list': { limit: 5, action: 'jobs.captured' },
    'audit:verify': {},
    'jobs:purge': { dryRun: true },
    'jobs:delete': { jobId: 'no-such-job', reason: 'fuzzing' },
    'capture:prepare': {},
    'users:lookup': { userId: 'seed-user-0' },
    'liveness:failed': {
      jobType: 4,
      userId: 'fuzz-user-2',
      jobId: 'fuzz-failed',
      images: [image('selfie')],
      reason: 'timeout',
    },
    'sync:status': {},
    'sync:run': { waitSec: 0 },
    'jobs:retry': { jobId: 'seed-1' },
  } satisfies Partial<Record<Channel, Record<string, unknown>>>)
})
afterAll(() => core?.close())

/** Calls and checks one case: no throw; a refusal is clear and changed nothing (or only what it may). */
async function check(
  send: (ch: string, input: unknown) => Promise<Result<unknown>>,
  ch: Channel,
  input: unknown,
  o: { mustRefuse: boolean },
): Promise<void> {
  const settingsBefore = core.db.prepare('SELECT * FROM settings').all()
  const before = storeFingerprint(core.db)
  const r = await send(ch, input)
  if (r.ok) {
    expect(o.mustRefuse, `${ch} accepted ${show(input)}`).toBe(false)
    // A valid settings change is undone so later cases meet the same kiosk.
    if (ch === 'settings:set') {
      core.db.prepare('DELETE FROM settings').run()
      const put = core.db.prepare('INSERT INTO settings VALUES (@key, @value, @updated_at)')
      for (const s of settingsBefore) put.run(s)
    }
    return
  }
  const credential = CREDENTIAL.has(ch) && DENIED.has(r.error.code)
  expectClearRefusal(r, credential ? DENIED : INPUT_CODES)
  if (!credential) expect(storeFingerprint(core.db), `${ch}: ${r.error.message}`).toBe(before)
}

const show = (v: unknown): string => {
  try {
    return JSON.stringify(v, (_k, x: unknown) =>
      typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? `<${x.byteLength} bytes>` : x,
    ).slice(0, 200)
  } catch {
    return String(v)
  }
}

// ---- mutations of a valid input -------------------------------------------------------------

type Path = (string | number)[]

function paths(v: unknown, at: Path = []): Path[] {
  if (v instanceof Uint8Array || v === null || typeof v !== 'object') return [at]
  const kids = Array.isArray(v)
    ? v.flatMap((x, i) => paths(x, [...at, i]))
    : Object.entries(v).flatMap(([k, x]) => paths(x, [...at, k]))
  return [at, ...kids]
}

type Mutation = { kind: 'delete' } | { kind: 'set'; value: unknown } | { kind: 'bytes'; op: number }

function clone(v: unknown): unknown {
  if (v instanceof Uint8Array) return new Uint8Array(v)
  if (Array.isArray(v)) return v.map(clone)
  if (v !== null && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clone(x)]))
  }
  return v
}

function mutate(base: unknown, path: Path, m: Mutation, noise: Uint8Array): unknown {
  if (path.length === 0) return m.kind === 'set' ? m.value : undefined
  const root = clone(base) as Record<string | number, unknown>
  let parent = root
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>
  const key = path.at(-1) as string | number
  const cur = parent[key]
  if (m.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1)
    else delete parent[key]
  } else if (m.kind === 'bytes' && cur instanceof Uint8Array) {
    parent[key] = [
      () => new Uint8Array(0),
      () => noise,
      () => cur.subarray(0, Math.max(1, Math.floor(cur.byteLength / 3))),
      () => Uint8Array.from([...cur.subarray(0, 200), ...noise]),
      () => new Float32Array(4),
      () => Array.from(cur.subarray(0, 16)),
    ][m.op % 6]?.()
  } else {
    parent[key] = m.kind === 'set' ? m.value : cur
  }
  return root
}

/** Values of the right kind but wrong content, the classic boundary cases. */
const cyclic: Record<string, unknown> = { a: 1 }
cyclic.self = cyclic

const nasty = fc.constantFrom<unknown>(
  cyclic,
  { n: 10n },
  10n,
  { big: 'z'.repeat(70_000) },
  '',
  ' ',
  '\u0000',
  'a\nb',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  "x'; DROP TABLE jobs; --",
  '\u202eevil',
  '😀'.repeat(300),
  'y'.repeat(5000),
  -1,
  0,
  0.5,
  1e308,
  -0,
  Number.MAX_SAFE_INTEGER + 2,
  true,
  'true',
  'NaN',
  [],
  {},
  [null],
  { $bin: 0, n: 4 },
)

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant<Mutation>({ kind: 'delete' }),
  fc.record({ kind: fc.constant('set' as const), value: fc.oneof(nasty, rendererValue()) }),
  fc.record({ kind: fc.constant('bytes' as const), op: fc.nat(5) }),
)

describe('contract fuzz', () => {
  it('arbitrary values on every channel: refused with invalid_input, store unchanged', async () => {
    const conn = core.connect('fuzz')
    const senders = [
      (ch: string, input: unknown) => core.dispatch(ch, input),
      (ch: string, input: unknown) => conn.dispatch(ch, input),
    ]
    for (const send of senders) {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...CHANNELS), rendererValue(), async (ch, input) => {
          fc.pre(!isValid(ch, input))
          await check(send, ch, input, { mustRefuse: true })
        }),
        fuzzParams(300),
      )
    }
    conn.close()
  })

  it('valid calls with one part mutated: never a throw, never internal, refusals change nothing', async () => {
    const noise = fc.uint8Array({ minLength: 1, maxLength: 512 })
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...CHANNELS.filter((c) => bases[c] !== undefined))
          .chain((ch) =>
            fc.tuple(fc.constant(ch), fc.constantFrom(...paths(bases[ch])), mutation, noise),
          ),
        async ([ch, path, m, n]) => {
          const input = mutate(bases[ch], path, m, n)
          const valid = isValid(ch, input)
          fc.pre(!(valid && HEAVY.has(ch)))
          await check((c, i) => core.dispatch(c, i), ch, input, { mustRefuse: false })
        },
      ),
      fuzzParams(400),
    )
  })
})

describe('regressions the contract fuzz found', () => {
  const huge = 'h'.repeat(100_000)
  const selfie = () => [{ kind: 'selfie', bytes: jpeg }]
  const cases: [string, string, () => unknown][] = [
    // A BigInt or a cycle crosses Electron IPC intact and failed only when the job was written.
    [
      'capture metadata with a BigInt',
      'jobs:capture',
      () => ({ jobType: 4, userId: 'r1', images: selfie(), metadata: { n: 1n } }),
    ],
    [
      'capture metadata with a cycle',
      'jobs:capture',
      () => ({ jobType: 4, userId: 'r2', images: selfie(), metadata: cyclic }),
    ],
    [
      'failed liveness metadata with a BigInt',
      'liveness:failed',
      () => ({
        jobType: 4,
        userId: 'r3',
        images: selfie(),
        reason: 'timeout',
        metadata: { liveness: { n: 1n } },
      }),
    ],
    // 50 MB of metadata was stored as it came.
    [
      'a megabyte of metadata',
      'jobs:capture',
      () => ({
        jobType: 4,
        userId: 'r4',
        images: selfie(),
        metadata: { blob: 'm'.repeat(1 << 20) },
      }),
    ],
    // The refusal echoed the name: 100 000 characters and line breaks in one "line".
    ['a huge unknown channel', `${huge}\nsecond line`, () => ({})],
    ['an unknown setting with a line break', 'settings:set', () => ({ key: 'a\nb', value: 1 })],
    // Written first, then its audit entry was too long: a change nobody could see, as `internal`.
    [
      'a 100 000-character backend URL',
      'settings:set',
      () => ({ key: 'backend.url', value: `https://${huge}.example/v1` }),
    ],
  ]
  it.each(cases)('%s: refused in one line, store unchanged', async (_name, ch, input) => {
    const before = storeFingerprint(core.db)
    const r = await core.dispatch(ch, input())
    expectClearRefusal(r)
    expect(r.error.code).toBe('invalid_input')
    expect(storeFingerprint(core.db)).toBe(before)
  })

  it('a long but valid URL is changed and audited with it', async () => {
    const url = `https://${'u'.repeat(1900)}.example/v1`
    const r = await core.dispatch('settings:set', { key: 'backend.url', value: url })
    expect(r.ok).toBe(true)
    const entry = core.audit.list({ limit: 1, action: 'settings.changed' })[0]
    expect(entry).toMatchObject({ subject: 'backend.url', detail: { to: url } })
    expect(core.audit.verify().ok).toBe(true)
  })
})
