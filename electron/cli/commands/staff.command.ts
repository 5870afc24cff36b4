/**
 * `kiosk staff add|list|passwd|remove|unlock`: staff accounts from the machine's shell, which is
 * how the first supervisor is made. PINs are typed at a hidden prompt or piped with
 * --secret-stdin, never passed as arguments (those show up in `ps` and shell history).
 */
import type { Command } from 'commander'
import type { StaffAccount } from '../../shared/contract/staff.contract'
import { StaffRole } from '../../shared/trust/approval.schema'
import { print, table, usageError, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

export function registerStaffCommands(program: Command, globals: () => GlobalOptions): void {
  const staff = program
    .command('staff')
    .description('staff and supervisor accounts (PIN or password, lock-out, roles)')

  staff
    .command('add')
    .description('create a staff account; the first one must be a supervisor')
    .argument('<username>')
    .requiredOption('--role <role>', 'staff or supervisor')
    .option('--name <display-name>', 'name shown on screen (default: the username)')
    .option('--secret-stdin', 'read the PIN or password from standard input', false)
    .action(
      async (username: string, flags: { role: string; name?: string; secretStdin: boolean }) => {
        const opts = globals()
        const role = StaffRole.safeParse(flags.role)
        if (!role.success) {
          throw usageError(`--role is "staff" or "supervisor" (got "${flags.role}")`)
        }
        const secret = await readSecret(flags.secretStdin, `PIN or password for ${username}`)
        const account = await withCore(opts, (core) =>
          call(core, 'staff:add', {
            username,
            role: role.data,
            secret,
            ...(flags.name === undefined ? {} : { displayName: flags.name }),
          }),
        )
        print(opts, account, () => `Added ${account.role} ${account.username}.`)
      },
    )

  staff
    .command('list')
    .description('all accounts, with failed attempts and lock-outs')
    .action(async () => {
      const opts = globals()
      const list = await withCore(opts, (core) => call(core, 'staff:list', {}))
      print(opts, list, () => describe(list))
    })

  staff
    .command('passwd')
    .description("set an account's PIN or password (also clears a lock-out)")
    .argument('<username>')
    .option('--secret-stdin', 'read the new PIN or password from standard input', false)
    .action(async (username: string, flags: { secretStdin: boolean }) => {
      const opts = globals()
      const secret = await readSecret(flags.secretStdin, `new PIN or password for ${username}`)
      const account = await withCore(opts, (core) =>
        call(core, 'staff:passwd', { username, secret }),
      )
      print(opts, account, () => `Changed the PIN of ${account.username}.`)
    })

  staff
    .command('unlock')
    .description('clear the failed attempts and lock-out of an account')
    .argument('<username>')
    .action(async (username: string) => {
      const opts = globals()
      const account = await withCore(opts, (core) => call(core, 'staff:unlock', { username }))
      print(opts, account, () => `Unlocked ${account.username}.`)
    })

  staff
    .command('remove')
    .description('delete an account (not the last supervisor)')
    .argument('<username>')
    .action(async (username: string) => {
      const opts = globals()
      const r = await withCore(opts, (core) => call(core, 'staff:remove', { username }))
      print(opts, r, () => `Removed ${r.removed}.`)
    })
}

function describe(list: StaffAccount[]): string {
  if (list.length === 0) {
    return 'No staff accounts: the staff desk is open to anyone. Create a supervisor with\n  kiosk staff add <name> --role supervisor'
  }
  const when = (s: string | null) => (s === null ? '' : s.replace('T', ' ').slice(0, 16))
  return table(
    ['USER', 'NAME', 'ROLE', 'FAILED', 'LOCKED UNTIL', 'LAST SIGN-IN'],
    list.map((a) => [
      a.username,
      a.displayName,
      a.role,
      String(a.failedAttempts),
      a.lockedUntil !== null && new Date(a.lockedUntil) > new Date() ? when(a.lockedUntil) : '',
      when(a.lastSignInAt),
    ]),
  )
}

async function readSecret(fromStdin: boolean, prompt: string): Promise<string> {
  if (fromStdin) {
    const chunks: Buffer[] = []
    for await (const c of process.stdin) chunks.push(c as Buffer)
    const text = Buffer.concat(chunks)
      .toString('utf8')
      .replace(/\r?\n$/, '')
    if (text.includes('\n')) throw usageError('--secret-stdin reads one line: the PIN or password')
    return text
  }
  if (!process.stdin.isTTY) {
    throw usageError('no terminal to type the PIN at; pipe it in with --secret-stdin')
  }
  const first = await hiddenPrompt(`${prompt}: `)
  const again = await hiddenPrompt('again: ')
  if (first !== again) throw usageError('the two entries differ; nothing was changed')
  return first
}

/** Reads a line without echoing it. */
function hiddenPrompt(prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const stdin = process.stdin
    process.stderr.write(prompt)
    stdin.setRawMode(true)
    stdin.resume()
    let text = ''
    const done = (err?: Error) => {
      stdin.setRawMode(false)
      stdin.pause()
      stdin.off('data', onData)
      process.stderr.write('\n')
      if (err) reject(err)
      else resolve(text)
    }
    const onData = (buf: Buffer) => {
      for (const ch of buf.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done()
        if (ch === '\u0003') return done(usageError('cancelled; nothing was changed'))
        if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1)
        else text += ch
      }
    }
    stdin.on('data', onData)
  })
}
