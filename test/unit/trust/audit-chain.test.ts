import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  anchorText,
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  sealOf,
  verifyChain,
  type AnchorRow,
  type AuditRow,
} from '../../../electron/core/audit/audit-chain'

const key = randomBytes(32)

/** Builds a valid chain of n entries the way the audit service does. */
function chain(n: number, k: Uint8Array = key): { rows: AuditRow[]; anchor: AnchorRow } {
  const rows: AuditRow[] = []
  for (let seq = 1; seq <= n; seq++) rows.push(entry(seq, rows.at(-1)?.hash ?? GENESIS_HASH, k))
  const head = rows.at(-1) as AuditRow
  return {
    rows,
    anchor: { seq: head.seq, hash: head.hash, seal: sealOf(k, anchorText(head.seq, head.hash)) },
  }
}

function entry(seq: number, prev: string, k: Uint8Array, actor = 'staff:alice'): AuditRow {
  const base = {
    seq,
    at: `2026-01-01T10:00:${String(seq % 60).padStart(2, '0')}.000Z`,
    actor,
    action: 'job.captured',
    subject: `job-${seq}`,
    detail: canonicalJson({ images: 3, jobType: 4 }),
    prev_hash: prev,
  }
  const hash = entryHash(base)
  return { ...base, hash, seal: sealOf(k, hash) }
}

/** What an attacker without the key can do: edit, then recompute every hash after it. */
function rechain(rows: AuditRow[], from: number): AuditRow[] {
  const out = rows.map((r) => ({ ...r }))
  for (let i = from; i < out.length; i++) {
    const r = out[i] as AuditRow
    r.prev_hash = i === 0 ? GENESIS_HASH : (out[i - 1] as AuditRow).hash
    r.hash = entryHash(r)
  }
  return out
}

describe('canonicalJson', () => {
  it('sorts keys at every level so one value has one text', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: 2 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}',
    )
  })
})

describe('verifyChain', () => {
  it('passes an untouched chain and an empty one', () => {
    const { rows, anchor } = chain(5)
    expect(verifyChain(rows, anchor, key)).toEqual({
      ok: true,
      entries: 5,
      head: { seq: 5, hash: anchor.hash },
      anchor: 'ok',
      firstBad: null,
    })
    expect(verifyChain([], undefined, key)).toMatchObject({ ok: true, anchor: 'empty' })
  })

  it.each(['at', 'actor', 'action', 'subject', 'detail', 'prev_hash', 'hash', 'seal'] as const)(
    'names the entry whose %s was edited',
    (field) => {
      const { rows, anchor } = chain(6)
      const r = rows[3] as AuditRow
      const v = r[field]
      r[field] = v.slice(0, -1) + (v.endsWith('0') ? '1' : '0')
      const report = verifyChain(rows, anchor, key)
      expect(report.ok).toBe(false)
      expect(report.firstBad?.seq).toBe(4)
    },
  )

  it('names the first rewritten entry even when every hash after it was recomputed', () => {
    const { rows, anchor } = chain(6)
    ;(rows[2] as AuditRow).actor = 'staff:mallory'
    const report = verifyChain(rechain(rows, 2), anchor, key)
    expect(report.firstBad).toEqual({
      seq: 3,
      problem: 'entry #3 was rewritten without the device key (its seal does not match)',
    })
  })

  it('names a removed entry in the middle', () => {
    const { rows, anchor } = chain(6)
    rows.splice(2, 2)
    expect(verifyChain(rows, anchor, key).firstBad).toEqual({
      seq: 3,
      problem: 'entries #3–#4 are missing (removed from the log)',
    })
  })

  it('names entries cut off the end, which the chain alone cannot see', () => {
    const { rows, anchor } = chain(6)
    const cut = rows.slice(0, 4)
    const report = verifyChain(cut, anchor, key)
    expect(report.anchor).toBe('mismatch')
    expect(report.firstBad).toEqual({
      seq: 5,
      problem: 'entries #5–#6 were removed from the end of the log',
    })
  })

  it('detects a forged anchor and a missing one', () => {
    const { rows } = chain(3)
    const forged = { seq: 2, hash: (rows[1] as AuditRow).hash, seal: 'f'.repeat(64) }
    expect(verifyChain(rows, forged, key).firstBad?.problem).toMatch(/anchor of the log was forged/)
    // A forged anchor's own number means nothing: the report names the log's last entry.
    const garbled = { ...forged, seq: -15 }
    expect(verifyChain(rows, garbled, key).firstBad).toEqual({
      seq: 3,
      problem: 'the sealed anchor of the log was forged',
    })
    expect(verifyChain(rows, undefined, key)).toMatchObject({ ok: false, anchor: 'missing' })
  })

  it('refuses a chain sealed with another key (a log copied from another kiosk)', () => {
    const other = chain(3, randomBytes(32))
    expect(verifyChain(other.rows, other.anchor, key).firstBad?.seq).toBe(1)
  })
})
