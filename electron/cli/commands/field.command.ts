/**
 * `kiosk field …`: the keys of USB bundles, the laptops a branch machine trusts, capture guards and
 * the clock. Key and trust changes are the operator's (they hold the key file already), so they are
 * CLI-only and audited; status and guards go through the contract like the UI.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import type { Command } from 'commander'
import type { CaptureGuards, FieldStatus } from '../../shared/contract/field.contract'
import { AppError } from '../../shared/contract/result'
import { showFingerprint } from '../../shared/field/bundle-header.policy'
import { OPERATOR } from '../../core/staff/caller'
import { print, table, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

export function registerFieldCommands(program: Command, globals: () => GlobalOptions): void {
  const field = program
    .command('field')
    .description('field mode: USB bundle keys, trusted laptops, capture guards, clock')

  field
    .command('status')
    .description('keys, bundles written and read, capture guards and the clock')
    .action(async () => {
      const opts = globals()
      const s = await withCore(opts, (core) => call(core, 'field:status', {}))
      print(opts, s, () => describeStatus(s))
    })

  field
    .command('device-key')
    .description(
      "this kiosk's bundle-signing key (made on first use): give it to the branch machine",
    )
    .option('--out <file>', 'also write it to a file (e.g. on the USB stick)')
    .action(async (flags: { out?: string }) => {
      const opts = globals()
      const k = await withCore(opts, (core) => Promise.resolve(core.field.keys.deviceKeyView()))
      if (flags.out !== undefined) writeKeyFile(flags.out, k.publicKey)
      print(opts, k, () =>
        [
          'Device signing key of this kiosk (every bundle it exports is signed with it):',
          `  ${k.publicKey}`,
          `  fingerprint ${showFingerprint(k.fingerprint)}`,
          `On the branch machine: kiosk field trust-device NAME ${flags.out ?? k.publicKey}`,
        ].join('\n'),
      )
    })

  const recipient = field
    .command('recipient')
    .description('the key bundles are encrypted for (made on the branch machine)')
  recipient
    .command('init')
    .description('make this machine a bundle recipient and print its public key for the laptops')
    .option('--rotate', 'replace the current key (bundles made for the old one still import)')
    .option('--out <file>', 'also write the public key to a file')
    .action(async (flags: { rotate?: boolean; out?: string }) => {
      const opts = globals()
      const k = await withCore(opts, (core) =>
        Promise.resolve(
          core.field.keys.initRecipient({ rotate: flags.rotate === true, actor: OPERATOR.actor }),
        ),
      )
      if (flags.out !== undefined) writeKeyFile(flags.out, k.publicKey)
      print(opts, k, () =>
        [
          k.created
            ? 'This machine now reads bundles encrypted for this key:'
            : 'This machine already has a recipient key (--rotate makes a new one):',
          `  ${k.publicKey}`,
          `  fingerprint ${showFingerprint(k.fingerprint)}`,
          `On each laptop: kiosk field recipient set ${flags.out ?? k.publicKey}`,
        ].join('\n'),
      )
    })
  recipient
    .command('set')
    .description('laptop: encrypt exports for this key (the text, or a file holding it)')
    .argument('<key-or-file>')
    .action(async (arg: string) => {
      const opts = globals()
      const text = keyText(arg)
      const k = await withCore(opts, (core) =>
        Promise.resolve(core.field.keys.setRecipient(text, OPERATOR.actor)),
      )
      print(
        opts,
        k,
        () =>
          `Exports from this kiosk are now encrypted for recipient key ${showFingerprint(k.fingerprint)}.`,
      )
    })

  field
    .command('trust-device')
    .description("branch machine: accept bundles signed by this laptop's key")
    .argument('<name>', 'a name for the laptop, e.g. field-laptop-07')
    .argument('<key-or-file>', 'its kiosk-ed25519:… key (from `kiosk field device-key`), or a file')
    .action(async (name: string, arg: string) => {
      const opts = globals()
      const text = keyText(arg)
      const d = await withCore(opts, (core) =>
        Promise.resolve(core.field.keys.trustDevice(name, text, OPERATOR.actor)),
      )
      print(
        opts,
        d,
        () =>
          `Trusted ${d.name} (fingerprint ${showFingerprint(d.fingerprint)}): its bundles can be imported here.`,
      )
    })
  field
    .command('untrust-device')
    .description('stop accepting bundles from a laptop (lost or retired)')
    .argument('<name>')
    .action(async (name: string) => {
      const opts = globals()
      const d = await withCore(opts, (core) =>
        Promise.resolve(core.field.keys.untrustDevice(name, OPERATOR.actor)),
      )
      print(opts, d, () => `${d.name} is no longer trusted; its bundles are refused here.`)
    })
  field
    .command('devices')
    .description('laptops this machine trusts')
    .action(async () => {
      const opts = globals()
      const list = await withCore(opts, (core) => Promise.resolve(core.field.keys.devices()))
      print(opts, list, () =>
        list.length === 0
          ? 'No trusted devices (kiosk field trust-device NAME KEY).'
          : table(
              ['NAME', 'FINGERPRINT', 'TRUSTED SINCE', 'STATUS'],
              list.map((d) => [
                d.name,
                showFingerprint(d.fingerprint),
                d.addedAt.slice(0, 19).replace('T', ' '),
                d.revokedAt === null ? 'trusted' : `revoked ${d.revokedAt.slice(0, 10)}`,
              ]),
              48,
            ),
      )
    })

  field
    .command('guards')
    .description('would a new capture be refused now, and why')
    .action(async () => {
      const opts = globals()
      const g = await withCore(opts, (core) => call(core, 'capture:guards', {}))
      print(opts, g, () => describeGuards(g))
    })
}

/** A key given on the command line, or the first line of the file it names. */
function keyText(arg: string): string {
  if (arg.startsWith('kiosk-')) return arg
  try {
    return readFileSync(arg, 'utf8').trim().split('\n')[0] ?? ''
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new AppError(
      'invalid_input',
      `expected a kiosk-…: key or a file holding one; cannot read ${arg} (${code === 'ENOENT' ? 'no such file' : String(code)})`,
    )
  }
}

function writeKeyFile(file: string, key: string): void {
  try {
    writeFileSync(file, `${key}\n`, { mode: 0o644 })
  } catch (err) {
    throw new AppError(
      'invalid_input',
      `--out: cannot write ${file} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
    )
  }
}

export function describeGuards(g: CaptureGuards): string {
  const limit = (n: number) => (n === 0 ? 'no limit' : String(n))
  return [
    g.allowed ? 'New captures: allowed.' : 'New captures: REFUSED.',
    ...g.reasons.map((r) => `  ✗ ${r.message}`),
    ...g.warnings.map((w) => `  ! ${w}`),
    `  disk: ${g.freeDiskMb} MB free (needs ${limit(g.minFreeDiskMb)}); ` +
      `waiting for the backend: ${g.backlog} (limit ${limit(g.maxBacklog)})` +
      (g.exportedUnsent > 0 ? `, plus ${g.exportedUnsent} exported to USB` : ''),
    `  last sync: ${g.lastSyncAt ?? 'never'} (limit ${g.maxDaysWithoutSync === 0 ? 'none' : `${g.maxDaysWithoutSync} days`})`,
  ].join('\n')
}

function describeStatus(s: FieldStatus): string {
  const lines = [
    `Device key     ${s.deviceKey === null ? 'none yet (made by the first export or `kiosk field device-key`)' : showFingerprint(s.deviceKey.fingerprint)}`,
    `Exports to     ${s.recipientKeySet === null ? 'no recipient key set (field.recipientKey)' : `recipient ${showFingerprint(s.recipientKeySet)}`}`,
    `Recipient key  ${s.recipientKey === null ? 'none (this machine cannot import bundles)' : showFingerprint(s.recipientKey.fingerprint)}; trusted laptops: ${s.trustedDevices}`,
    `Bundles        ${s.exports.count} exported, ${s.imports.count} imported`,
    ...s.exports.recent.map((b) => `  → ${b.at.slice(0, 19)}  ${plural(b.jobs, 'job')}  ${b.file}`),
    ...s.imports.recent.map((b) => `  ← ${b.at.slice(0, 19)}  ${plural(b.jobs, 'job')}  ${b.file}`),
    `Clock          ${s.clock.state}${s.clock.offsetMs === null ? '' : `, ${Math.round(s.clock.offsetMs / 1000)} s off the backend`} (wall ${s.clock.wall}, up ${Math.round(s.clock.uptimeSec / 3600)} h)`,
    ...s.clock.findings.map((f) => `  ! ${f.message}`),
    describeGuards(s.guards),
  ]
  return lines.join('\n')
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`
