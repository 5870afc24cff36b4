/** `kiosk staff …` as an operator uses it: PINs only through stdin or a hidden prompt. */
import { describe, expect, it } from 'vitest'
import { kiosk } from '../../support/cli'
import { tempDir } from '../../support/temp'
import { cliEnv as env } from './trust-support'

const kioskIn = (dataDir: string, args: string[], input: string) =>
  kiosk(args, { dataDir, env, input })

describe('kiosk staff', () => {
  it('bootstraps the first supervisor, then staff, and lists them', () => {
    const dir = tempDir()
    expect(kiosk(['staff', 'list'], { dataDir: dir, env }).stdout).toBe(
      'No staff accounts: the staff desk is open to anyone. Create a supervisor with\n  kiosk staff add <name> --role supervisor\n',
    )
    const first = kioskIn(
      dir,
      ['staff', 'add', 'bob', '--role', 'staff', '--secret-stdin'],
      '482913\n',
    )
    expect([first.code, first.stderr]).toEqual([
      2,
      'kiosk: create a supervisor first, so someone can approve and unlock\n',
    ])
    expect(
      kioskIn(
        dir,
        ['staff', 'add', 'sam', '--role', 'supervisor', '--name', 'Sam Okafor', '--secret-stdin'],
        'sup-pin-4711\n',
      ).stdout,
    ).toBe('Added supervisor sam.\n')
    const weak = kioskIn(
      dir,
      ['staff', 'add', 'bob', '--role', 'staff', '--secret-stdin'],
      '123456\n',
    )
    expect([weak.code, weak.stderr]).toEqual([
      2,
      'kiosk: a PIN may not be a run of digits such as 123456\n',
    ])
    expect(
      kioskIn(dir, ['staff', 'add', 'bob', '--role', 'staff', '--secret-stdin'], '482913\n').code,
    ).toBe(0)
    const dup = kioskIn(
      dir,
      ['staff', 'add', 'BOB', '--role', 'staff', '--secret-stdin'],
      '482913\n',
    )
    expect([dup.code, dup.stderr]).toEqual([2, 'kiosk: a staff account named BOB already exists\n'])
    const list = kiosk(['staff', 'list'], { dataDir: dir, env }).stdout.split('\n')
    expect(list[0]).toMatch(/^USER\s+NAME\s+ROLE\s+FAILED\s+LOCKED UNTIL\s+LAST SIGN-IN$/)
    expect(list[1]).toMatch(/^sam\s+Sam Okafor\s+supervisor\s+0$/)
    expect(list[2]).toMatch(/^bob\s+bob\s+staff\s+0$/)
    // The hash is never shown.
    expect(kiosk(['staff', 'list', '--json'], { dataDir: dir, env }).stdout).not.toMatch(
      /scrypt|secret/i,
    )
  })

  it('refuses a PIN on the command line or without a terminal', () => {
    const dir = tempDir()
    const r = kioskIn(dir, ['staff', 'add', 'sam', '--role', 'supervisor'], '')
    expect([r.code, r.stderr]).toEqual([
      2,
      'kiosk: no terminal to type the PIN at; pipe it in with --secret-stdin\n',
    ])
    const bad = kiosk(['staff', 'add', 'sam', '--role', 'boss', '--secret-stdin'], {
      dataDir: dir,
      env,
    })
    expect([bad.code, bad.stderr]).toEqual([
      2,
      'kiosk: --role is "staff" or "supervisor" (got "boss")\n',
    ])
  })

  it('changes a PIN, unlocks, and never removes the last supervisor', () => {
    const dir = tempDir()
    kioskIn(
      dir,
      ['staff', 'add', 'sam', '--role', 'supervisor', '--secret-stdin'],
      'sup-pin-4711\n',
    )
    kioskIn(dir, ['staff', 'add', 'bob', '--role', 'staff', '--secret-stdin'], '482913\n')
    expect(kioskIn(dir, ['staff', 'passwd', 'bob', '--secret-stdin'], '715302\n').stdout).toBe(
      'Changed the PIN of bob.\n',
    )
    expect(kiosk(['staff', 'unlock', 'bob'], { dataDir: dir, env }).stdout).toBe('Unlocked bob.\n')
    const last = kiosk(['staff', 'remove', 'sam'], { dataDir: dir, env })
    expect([last.code, last.stderr]).toEqual([
      2,
      'kiosk: this is the last supervisor; add another supervisor first\n',
    ])
    expect(kiosk(['staff', 'remove', 'bob'], { dataDir: dir, env }).stdout).toBe('Removed bob.\n')
    const missing = kiosk(['staff', 'remove', 'bob'], { dataDir: dir, env })
    expect([missing.code, missing.stderr]).toEqual([2, 'kiosk: no staff account named bob\n'])
    const actions = JSON.parse(
      kiosk(['audit', 'list', '--json', '--action', 'staff.'], { dataDir: dir, env }).stdout,
    ) as { action: string; subject: string }[]
    expect(actions.map((a) => `${a.action} ${a.subject}`).reverse()).toEqual([
      'staff.added sam',
      'staff.added bob',
      'staff.secret_changed bob',
      'staff.unlocked bob',
      'staff.removed bob',
    ])
  })
})
