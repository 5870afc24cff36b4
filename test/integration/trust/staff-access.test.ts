/**
 * Staff access enforced in the core, through renderer connections (what Electron IPC and the
 * browser host use): sign-in with scrypt, lock-out, idle sign-out, roles, the self-service profile,
 * supervisor approval — on a real store, with every step in the audit trail.
 */
import { describe, expect, it } from 'vitest'
import type { Core } from '../../../electron/core/core'
import type { Connection } from '../../../electron/core/staff/connection'
import { tempDir } from '../../support/temp'
import { captureInput, op, openTestCore, testClock, type TestClock } from './trust-support'

async function store(): Promise<{ core: Core; clock: TestClock }> {
  const clock = testClock()
  const core = openTestCore(tempDir(), clock)
  await op(core, 'staff:add', { username: 'sam', role: 'supervisor', secret: 'sup-pin-4711' })
  await op(core, 'staff:add', { username: 'alice', role: 'staff', secret: '482913' })
  return { core, clock }
}

const call = async (c: Connection, channel: string, input: unknown = {}) =>
  c.dispatch(channel, input)
const errorOf = (r: Awaited<ReturnType<Connection['dispatch']>>) => (r.ok ? null : r.error)

describe('staff access in the core', () => {
  it('keeps a fresh install open (setup mode) until the first account exists', async () => {
    const core = openTestCore(tempDir())
    const screen = core.connect('test')
    expect((await call(screen, 'jobs:list')).ok).toBe(true)
    expect(await call(screen, 'staff:session')).toMatchObject({
      ok: true,
      value: { setupMode: true },
    })
    const first = await core.dispatch('staff:add', {
      username: 'alice',
      role: 'staff',
      secret: '482913',
    })
    expect(errorOf(first)?.message).toBe(
      'create a supervisor first, so someone can approve and unlock',
    )
    await op(core, 'staff:add', { username: 'sam', role: 'supervisor', secret: 'sup-pin-4711' })
    expect(errorOf(await call(screen, 'jobs:list'))).toEqual({
      code: 'unauthenticated',
      message: 'sign in as staff first',
    })
  })

  it('signs in with the right PIN only, and the session belongs to that screen', async () => {
    const { core } = await store()
    const desk = core.connect('test')
    const other = core.connect('test')
    expect(
      errorOf(await call(desk, 'staff:signIn', { username: 'alice', secret: '000111' }))?.code,
    ).toBe('forbidden')
    const ok = await call(desk, 'staff:signIn', { username: 'alice', secret: '482913' })
    expect(ok).toMatchObject({
      ok: true,
      value: { signedIn: true, username: 'alice', role: 'staff', idleTimeoutSec: 300 },
    })
    expect((await call(desk, 'jobs:list')).ok).toBe(true)
    expect(errorOf(await call(other, 'jobs:list'))?.code).toBe('unauthenticated')
    desk.close() // window closed: its session ends
    expect(core.audit.list({ limit: 10, action: 'staff.signed_out' })[0]).toMatchObject({
      actor: 'anonymous',
      subject: 'alice',
      detail: { reason: 'screen closed' },
    })
  })

  it('locks an account after repeated failures, says how many are left and until when', async () => {
    const { core, clock } = await store()
    const screen = core.connect('test')
    const tries: string[] = []
    for (let i = 0; i < 5; i++) {
      tries.push(
        errorOf(await call(screen, 'staff:signIn', { username: 'alice', secret: `99999${i}` }))
          ?.message ?? '',
      )
    }
    const until = new Date(clock.now.getTime() + 15 * 60_000).toTimeString().slice(0, 5)
    expect(tries).toEqual([
      'wrong name or PIN; 4 more failed attempts lock alice for 15 min',
      'wrong name or PIN; 3 more failed attempts lock alice for 15 min',
      'wrong name or PIN; 2 more failed attempts lock alice for 15 min',
      'wrong name or PIN; 1 more failed attempt locks alice for 15 min',
      `wrong name or PIN; after 5 failed attempts alice is locked until ${until} (15 min)`,
    ])
    // Even the right PIN is refused while locked.
    clock.advance(5 * 60_000)
    expect(
      errorOf(await call(screen, 'staff:signIn', { username: 'alice', secret: '482913' }))?.message,
    ).toBe(
      `alice is locked after 5 failed attempts; try again after ${until} (in 10 min) or ask a supervisor to unlock it`,
    )
    const account = (
      await op<{ username: string; failedAttempts: number; lockedUntil: string }[]>(
        core,
        'staff:list',
        {},
      )
    ).find((a) => a.username === 'alice')
    expect(account?.failedAttempts).toBe(5)
    // After the lock ends the right PIN works and clears the count.
    clock.advance(11 * 60_000)
    expect((await call(screen, 'staff:signIn', { username: 'alice', secret: '482913' })).ok).toBe(
      true,
    )
    const actions = core.audit
      .list({ limit: 20, action: 'staff.' })
      .map((e) => e.action)
      .reverse()
    expect(actions.slice(-7)).toEqual([
      'staff.sign_in_failed',
      'staff.sign_in_failed',
      'staff.sign_in_failed',
      'staff.sign_in_failed',
      'staff.locked_out',
      'staff.sign_in_refused',
      'staff.signed_in',
    ])
  })

  it('answers an unknown name exactly like a wrong PIN', async () => {
    const { core } = await store()
    const screen = core.connect('test')
    const unknown = errorOf(
      await call(screen, 'staff:signIn', { username: 'nobody', secret: '918273' }),
    )
    expect(unknown?.message).toBe(
      'wrong name or PIN; 4 more failed attempts lock nobody for 15 min',
    )
  })

  it('counts simultaneous guesses one by one (no race past the limit)', async () => {
    const { core } = await store()
    const screen = core.connect('test')
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call(screen, 'staff:signIn', { username: 'alice', secret: `55555${i}` }),
      ),
    )
    const messages = results.map((r) => errorOf(r)?.message ?? '')
    expect(messages.filter((m) => m.startsWith('wrong name or PIN'))).toHaveLength(5)
    expect(
      messages.filter((m) => m.includes('is locked after 5 failed attempts; try again')),
    ).toHaveLength(3)
  })

  it('signs out after the idle time; activity keeps the session alive', async () => {
    const { core, clock } = await store()
    const screen = core.connect('test')
    await call(screen, 'staff:signIn', { username: 'alice', secret: '482913' })
    clock.advance(4 * 60_000)
    await call(screen, 'staff:activity')
    clock.advance(4 * 60_000)
    expect((await call(screen, 'jobs:list')).ok).toBe(true)
    clock.advance(60_000) // 5 min since the last activity
    expect(errorOf(await call(screen, 'jobs:list'))).toEqual({
      code: 'unauthenticated',
      message: 'signed out after 5 min idle; sign in again',
    })
    expect(await call(screen, 'staff:session')).toMatchObject({
      value: { signedIn: false, endedBecause: 'signed out after 5 min idle' },
    })
  })

  it('keeps roles apart: staff cannot manage accounts or read the audit trail', async () => {
    const { core } = await store()
    const screen = core.connect('test')
    await call(screen, 'staff:signIn', { username: 'alice', secret: '482913' })
    for (const channel of [
      'staff:list',
      'staff:add',
      'audit:list',
      'audit:verify',
      'staff:unlock',
    ]) {
      const input =
        channel === 'staff:add'
          ? { username: 'eve', role: 'supervisor', secret: 'eve-pw-2026' }
          : channel === 'staff:unlock'
            ? { username: 'sam' }
            : {}
      expect(errorOf(await call(screen, channel, input))).toEqual({
        code: 'forbidden',
        message: 'only a supervisor may do this',
      })
    }
    await call(screen, 'staff:signIn', { username: 'sam', secret: 'sup-pin-4711' })
    expect((await call(screen, 'audit:verify')).ok).toBe(true)
  })

  it('gives a self-service terminal the customer calls only, whoever tries', async () => {
    const { core } = await store()
    await op(core, 'settings:set', { key: 'ui.profile', value: 'self-service' })
    const terminal = core.connect('test')
    expect((await call(terminal, 'settings:get')).ok).toBe(true)
    const captured = await call(terminal, 'jobs:capture', await captureInput('job-ss-1'))
    expect(captured).toMatchObject({ ok: true, value: { job_id: 'job-ss-1' } })
    const forbidden = 'staff functions are not available on a self-service terminal'
    for (const channel of [
      'jobs:list',
      'jobs:get',
      'system:info',
      'settings:set',
      'jobs:purge',
      'audit:list',
      'staff:list',
    ]) {
      expect(
        errorOf(
          await call(terminal, channel, { jobId: 'job-ss-1', key: 'ui.language', value: 'fr' }),
        ),
      ).toEqual({ code: 'forbidden', message: forbidden })
    }
    expect(
      errorOf(await call(terminal, 'staff:signIn', { username: 'sam', secret: 'sup-pin-4711' }))
        ?.message,
    ).toBe('staff cannot sign in on a self-service terminal')
    expect(core.audit.list({ limit: 50, action: 'job.captured' })[0]).toMatchObject({
      actor: 'customer',
      subject: 'job-ss-1',
    })
  })

  it('needs a supervisor name and PIN with the call to delete a job or change backend settings', async () => {
    const { core } = await store()
    await op(core, 'jobs:capture', await captureInput('job-del-1'))
    const desk = core.connect('test')
    await call(desk, 'staff:signIn', { username: 'alice', secret: '482913' })
    // A staff-level setting needs no approval.
    expect((await call(desk, 'settings:set', { key: 'ui.language', value: 'fr' })).ok).toBe(true)
    expect(
      errorOf(
        await call(desk, 'settings:set', { key: 'backend.url', value: 'https://evil.example/v1' }),
      )?.message,
    ).toBe("a supervisor must approve this: to change backend.url, add a supervisor's name and PIN")
    expect(
      errorOf(
        await call(desk, 'settings:set', {
          key: 'backend.url',
          value: 'https://evil.example/v1',
          approval: { username: 'alice', secret: '482913' },
        }),
      )?.message,
    ).toBe('supervisor approval refused: alice is not a supervisor')
    expect(
      errorOf(
        await call(desk, 'settings:set', {
          key: 'backend.url',
          value: 'https://evil.example/v1',
          approval: { username: 'sam', secret: 'wrong-guess' },
        }),
      )?.message,
    ).toBe(
      'supervisor approval refused: wrong name or PIN; 4 more failed attempts lock sam for 15 min',
    )
    expect(
      (await op<{ values: Record<string, unknown> }>(core, 'settings:get', {})).values[
        'backend.url'
      ],
    ).toBe('')

    const set = await call(desk, 'settings:set', {
      key: 'backend.url',
      value: 'https://api.bank.example/v1',
      approval: { username: 'sam', secret: 'sup-pin-4711' },
    })
    expect(set.ok).toBe(true)
    expect(core.audit.list({ limit: 1, action: 'settings.changed' })[0]).toMatchObject({
      actor: 'staff:alice',
      subject: 'backend.url',
      detail: { from: '', to: 'https://api.bank.example/v1', approvedBy: 'sam' },
    })

    expect(
      errorOf(
        await call(desk, 'jobs:delete', {
          jobId: 'job-del-1',
          reason: 'customer withdrew consent',
        }),
      )?.code,
    ).toBe('forbidden')
    const del = await call(desk, 'jobs:delete', {
      jobId: 'job-del-1',
      reason: 'customer withdrew consent',
      approval: { username: 'sam', secret: 'sup-pin-4711' },
    })
    expect(del).toEqual({ ok: true, value: { jobId: 'job-del-1', state: 'captured' } })
    expect(core.jobs.get('job-del-1')).toBeUndefined()
    expect(core.audit.list({ limit: 1, action: 'job.deleted' })[0]).toMatchObject({
      actor: 'staff:alice',
      subject: 'job-del-1',
      detail: { approvedBy: 'sam', reason: 'customer withdrew consent', state: 'captured' },
    })
    expect(core.audit.verify().ok).toBe(true)
  })

  it('never writes a secret into the audit trail', async () => {
    const { core } = await store()
    await op(core, 'settings:set', { key: 'backend.apiKey', value: 'sk-live-5f2b9c' })
    const screen = core.connect('test')
    await call(screen, 'staff:signIn', { username: 'alice', secret: 'not-her-pin' })
    const all = JSON.stringify(core.audit.list({ limit: 1000 }))
    for (const secret of ['sk-live-5f2b9c', 'not-her-pin', '482913', 'sup-pin-4711']) {
      expect(all).not.toContain(secret)
    }
    expect(core.audit.list({ limit: 1, action: 'settings.changed' })[0]?.detail).toEqual({
      secret: true,
    })
  })

  it('lets staff change their own PIN only with the current one', async () => {
    const { core } = await store()
    const screen = core.connect('test')
    await call(screen, 'staff:signIn', { username: 'alice', secret: '482913' })
    expect(
      errorOf(await call(screen, 'staff:passwd', { username: 'alice', secret: '715302' }))?.message,
    ).toBe('enter your current PIN to change it')
    expect(
      errorOf(await call(screen, 'staff:passwd', { username: 'sam', secret: '715302' }))?.message,
    ).toBe("only a supervisor may change someone else's PIN")
    expect(
      (
        await call(screen, 'staff:passwd', {
          username: 'alice',
          secret: '715302',
          currentSecret: '482913',
        })
      ).ok,
    ).toBe(true)
    const again = core.connect('test')
    expect((await call(again, 'staff:signIn', { username: 'alice', secret: '715302' })).ok).toBe(
      true,
    )
  })
})
