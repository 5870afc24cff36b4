/**
 * `kiosk audit verify` against a real database file: passes untouched, and names the entry when
 * bytes of the file are edited, when someone with SQL access rewrites entries and recomputes the
 * chain, or cuts entries off the end.
 */
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  writeSync,
} from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { describe, expect, it } from 'vitest'
import { entryHash, type AuditRow } from '../../../electron/core/audit/audit-chain'
import { createAuditService } from '../../../electron/core/audit/audit.service'
import { keyringFromKey } from '../../../electron/core/crypto/keyring'
import { openDatabase } from '../../../electron/core/store/database'
import { kiosk } from '../../support/cli'
import { tempDir } from '../../support/temp'
import { cliEnv as env, deviceKey, openTestCore, testClock } from './trust-support'

/** A store whose audit log holds `n` entries with unique, findable subjects; closed (no WAL). */
function seededStore(n: number): string {
  const dir = tempDir()
  const clock = testClock()
  const core = openTestCore(dir, clock)
  for (let i = 1; i <= n; i++) {
    clock.advance(1000)
    core.audit.append({
      actor: 'staff:alice',
      action: 'test.entry',
      subject: `subject-${String(i).padStart(4, '0')}`,
      detail: { n: i, note: 'plain words' },
    })
  }
  core.close()
  expect(existsSync(join(dir, 'kiosk.db-wal'))).toBe(false)
  return dir
}

function copyStore(dir: string): string {
  const to = tempDir()
  mkdirSync(to, { recursive: true })
  copyFileSync(join(dir, 'kiosk.db'), join(to, 'kiosk.db'))
  return to
}

function flipByteAt(file: string, offset: number): void {
  const fd = openSync(file, 'r+')
  const b = Buffer.alloc(1)
  readSync(fd, b, 0, 1, offset)
  b[0] = (b[0] ?? 0) ^ 0x01
  writeSync(fd, b, 0, 1, offset)
  closeSync(fd)
}

const verifyJson = (dir: string) => {
  const r = kiosk(['audit', 'verify', '--json'], { dataDir: dir, env })
  return {
    code: r.code,
    report: JSON.parse(r.stdout) as {
      ok: boolean
      firstBad: { seq: number; problem: string } | null
    },
  }
}

describe('kiosk audit verify', () => {
  it('passes an untouched log and lists it newest first', () => {
    const dir = seededStore(6)
    const r = kiosk(['audit', 'verify'], { dataDir: dir, env })
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(
      /^Audit trail intact: 6 entries, #1 to #6, head [0-9a-f]{16}…, sealed anchor matches\.$/m,
    )
    const list = kiosk(['audit', 'list', '--limit', '2'], { dataDir: dir, env })
    expect(
      list.stdout
        .split('\n')
        .slice(1, 3)
        .map((l) => l.split(/\s+/)[0]),
    ).toEqual(['6', '5'])
  })

  it('fails, naming the entry, when one byte of it is edited in the database file', () => {
    const dir = seededStore(6)
    const file = join(dir, 'kiosk.db')
    const at = readFileSync(file).indexOf('subject-0004')
    expect(at).toBeGreaterThan(0)
    flipByteAt(file, at + 'subject-000'.length) // subject-0004 → subject-0005
    const r = kiosk(['audit', 'verify'], { dataDir: dir, env })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(
      'Audit trail BROKEN at entry #4: entry #4 was edited after it was written (its hash does not match).',
    )
    expect(verifyJson(dir).report.firstBad?.seq).toBe(4)
  })

  it('says it cannot check the trail when its key does not open, and why, instead of failing', () => {
    const dir = seededStore(3)
    // Another device key: what an operator gets when the CLI reads the wrong key file.
    const other = { KIOSK_DEVICE_KEY: Buffer.alloc(32, 7).toString('base64') }
    const r = kiosk(['audit', 'verify'], { dataDir: dir, env: other })
    expect([r.code, r.stderr]).toEqual([1, ''])
    expect(r.stdout.split('\n')).toEqual([
      'Audit trail CANNOT BE CHECKED: the audit trail key stored in this database cannot be ' +
        'opened with this device key: the store was written with another device key (the ' +
        'desktop app keeps it in the OS key store; the CLI reads KIOSK_DEVICE_KEY or its key ' +
        'file), or the stored key was damaged (encrypted data for key:trust:audit-seal failed ' +
        'its integrity check (tampered or wrong key)).',
      '  3 entries read; anchor: unverifiable.',
      '  Keep this database as evidence (copy the data folder) before anything else changes it.',
      '',
    ])
    // With the right key the same store is intact: nothing was changed by the failed check.
    expect(kiosk(['audit', 'verify'], { dataDir: dir, env }).code).toBe(0)
  })

  it('catches every single-byte edit anywhere in an entry', () => {
    const dir = seededStore(5)
    const file = join(dir, 'kiosk.db')
    const db = new Database(file, { readonly: true })
    const row = db.prepare('SELECT * FROM audit_log WHERE seq = 3').get() as AuditRow
    db.close()
    const bytes = readFileSync(file)
    // The record's stored values are contiguous in the file, from `at` to the end of `seal`.
    const start = bytes.indexOf(row.at)
    const end = bytes.indexOf(row.seal) + row.seal.length
    expect(start).toBeGreaterThan(0)
    expect(end - start).toBeGreaterThan(250)
    const check = (): { ok: boolean; seq?: number } => {
      const d = openDatabase(file)
      try {
        const report = createAuditService(
          d,
          keyringFromKey(deviceKey, 'test'),
          () => new Date(),
        ).verify()
        return { ok: report.ok, ...(report.firstBad ? { seq: report.firstBad.seq } : {}) }
      } finally {
        d.close()
      }
    }
    expect(check()).toEqual({ ok: true })
    const missed: number[] = []
    for (let off = start; off < end; off++) {
      flipByteAt(file, off)
      const r = check()
      if (r.ok || r.seq !== 3) missed.push(off - start)
      flipByteAt(file, off) // restore
    }
    expect(missed).toEqual([])
    expect(check()).toEqual({ ok: true })
  })

  it('names the first rewritten entry when someone with SQL access recomputes the chain', () => {
    const dir = copyStore(seededStore(6))
    const db = new Database(join(dir, 'kiosk.db'))
    db.exec('DROP TRIGGER audit_log_no_update')
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[]
    // Rewrite entry 2, then fix every hash after it and the anchor's hash (not its seal: no key).
    ;(rows[1] as AuditRow).actor = 'staff:mallory'
    for (let i = 1; i < rows.length; i++) {
      const r = rows[i] as AuditRow
      r.prev_hash = (rows[i - 1] as AuditRow).hash
      r.hash = entryHash(r)
      db.prepare('UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE seq = ?').run(
        r.actor,
        r.prev_hash,
        r.hash,
        r.seq,
      )
    }
    db.prepare('UPDATE audit_anchor SET hash = ? WHERE id = 1').run((rows.at(-1) as AuditRow).hash)
    db.close()
    const { code, report } = verifyJson(dir)
    expect(code).toBe(1)
    expect(report.firstBad).toEqual({
      seq: 2,
      problem: 'entry #2 was rewritten without the device key (its seal does not match)',
    })
  })

  it('names entries cut off the end, and a deleted middle entry', () => {
    const base = seededStore(6)
    const tail = copyStore(base)
    let db = new Database(join(tail, 'kiosk.db'))
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq >= 5')
    db.close()
    expect(verifyJson(tail).report.firstBad).toEqual({
      seq: 5,
      problem: 'entries #5–#6 were removed from the end of the log',
    })

    const middle = copyStore(base)
    db = new Database(join(middle, 'kiosk.db'))
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 3')
    db.close()
    expect(verifyJson(middle).report.firstBad).toEqual({
      seq: 3,
      problem: 'entry #3 is missing (removed from the log)',
    })
  })

  it('keeps the gap visible when the app writes on after a truncation', () => {
    const dir = copyStore(seededStore(4))
    const db = new Database(join(dir, 'kiosk.db'))
    db.exec('DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE seq = 4')
    db.close()
    const core = openTestCore(dir)
    expect(core.audit.append({ actor: 'system', action: 'test.after' }).seq).toBe(5)
    core.close()
    expect(verifyJson(dir).report.firstBad).toEqual({
      seq: 4,
      problem: 'entry #4 is missing (removed from the log)',
    })
  })

  it('refuses edits through SQL while the triggers are in place', () => {
    const dir = copyStore(seededStore(2))
    const db = new Database(join(dir, 'kiosk.db'))
    expect(() => db.exec("UPDATE audit_log SET actor = 'x' WHERE seq = 1")).toThrow(/append-only/)
    expect(() => db.exec('DELETE FROM audit_log')).toThrow(/append-only/)
    db.close()
  })
})
