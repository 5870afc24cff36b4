/**
 * The audit log's chain, and how it is checked.
 *
 * Design, in three layers, each catching what the one before cannot:
 * 1. Chain: hash = SHA-256 over a canonical encoding of the entry's stored text (seq, at, actor,
 *    action, subject, detail, prev_hash), prev_hash = the previous entry's hash. Any changed byte
 *    in an entry breaks its hash; a removed or reordered entry breaks the next one's link. Anyone
 *    can check this without keys.
 * 2. Seal: HMAC-SHA-256(auditKey, hash) on every entry. The chain alone does not stop someone who
 *    edits an entry and recomputes every hash after it; the seal does, because auditKey is wrapped
 *    by the device key (OS key store), so the first rewritten entry is named exactly.
 * 3. Anchor: the head (seq, hash), sealed, kept in its own table and written in the same
 *    transaction as each entry. Cutting entries off the end leaves the remaining chain valid;
 *    the anchor still names the lost head. Limit: someone who saved an old copy of the anchor row
 *    and the key-less rows can roll both back together; only a copy held elsewhere (the backend,
 *    when the lead syncs the log) closes that.
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import type { AuditVerifyReport } from '../../shared/contract/audit.contract'

export const GENESIS_HASH = '0'.repeat(64)

export interface AuditRow {
  seq: number
  at: string
  actor: string
  action: string
  subject: string
  /** Canonical JSON text, exactly as stored. */
  detail: string
  prev_hash: string
  hash: string
  seal: string
}

export interface AnchorRow {
  seq: number
  hash: string
  seal: string
}

/** JSON with object keys sorted at every level: one text per value, so one hash per entry. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {}
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k])
    return out
  }
  return v
}

/** A JSON array of the stored strings: unambiguous (no field can bleed into the next). */
export function entryHash(r: Omit<AuditRow, 'hash' | 'seal'>): string {
  const encoded = JSON.stringify([
    'kiosk-audit-v1',
    r.seq,
    r.at,
    r.actor,
    r.action,
    r.subject,
    r.detail,
    r.prev_hash,
  ])
  return createHash('sha256').update(encoded, 'utf8').digest('hex')
}

export const sealOf = (key: Uint8Array, what: string): string =>
  createHmac('sha256', key).update(what, 'utf8').digest('hex')

export const anchorText = (seq: number, hash: string): string => `anchor:${seq}:${hash}`

function sameHex(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

/** The contract's report; firstBad is the first entry that is wrong (or missing), and why. */
export type VerifyReport = AuditVerifyReport

/** Walks the rows in seq order; `key` is the unwrapped audit key (seals and anchor). */
export function verifyChain(
  rows: Iterable<AuditRow>,
  anchor: AnchorRow | undefined,
  key: Uint8Array,
): VerifyReport {
  let prev: AuditRow | undefined
  let entries = 0
  const fail = (seq: number, problem: string, anchorState: VerifyReport['anchor'] = 'ok') => ({
    ok: false,
    entries,
    head: prev ? { seq: prev.seq, hash: prev.hash } : null,
    anchor: anchorState,
    firstBad: { seq, problem },
  })
  for (const r of rows) {
    entries++
    const expectedSeq = prev === undefined ? 1 : prev.seq + 1
    if (r.seq !== expectedSeq) {
      const range =
        r.seq - 1 === expectedSeq
          ? `entry #${expectedSeq} is`
          : `entries #${expectedSeq}–#${r.seq - 1} are`
      return fail(expectedSeq, `${range} missing (removed from the log)`)
    }
    if (!sameHex(entryHash(r), r.hash)) {
      return fail(
        r.seq,
        `entry #${r.seq} was edited after it was written (its hash does not match)`,
      )
    }
    if (!sameHex(sealOf(key, r.hash), r.seal)) {
      return fail(
        r.seq,
        `entry #${r.seq} was rewritten without the device key (its seal does not match)`,
      )
    }
    const expectedPrev = prev === undefined ? GENESIS_HASH : prev.hash
    if (!sameHex(r.prev_hash, expectedPrev)) {
      return fail(r.seq, `entry #${r.seq} does not follow entry #${r.seq - 1} (log reordered)`)
    }
    prev = r
  }
  const head = prev ? { seq: prev.seq, hash: prev.hash } : null
  if (anchor === undefined) {
    if (head === null) return { ok: true, entries, head, anchor: 'empty', firstBad: null }
    return {
      ok: false,
      entries,
      head,
      anchor: 'missing',
      firstBad: { seq: head.seq, problem: 'the sealed anchor of the log is missing' },
    }
  }
  if (!sameHex(sealOf(key, anchorText(anchor.seq, anchor.hash)), anchor.seal)) {
    // Its seq is as untrustworthy as the rest of it (bad disk bytes once made it #-15).
    return fail(head?.seq ?? 0, 'the sealed anchor of the log was forged', 'mismatch')
  }
  if (head === null || anchor.seq > head.seq) {
    const from = (head?.seq ?? 0) + 1
    const range =
      from === anchor.seq ? `entry #${from} was` : `entries #${from}–#${anchor.seq} were`
    return fail(from, `${range} removed from the end of the log`, 'mismatch')
  }
  if (anchor.seq < head.seq) {
    return fail(
      anchor.seq + 1,
      `entries after #${anchor.seq} were added without updating the sealed anchor`,
      'mismatch',
    )
  }
  if (!sameHex(anchor.hash, head.hash)) {
    return fail(head.seq, `entry #${head.seq} does not match the sealed anchor`, 'mismatch')
  }
  return { ok: true, entries, head, anchor: 'ok', firstBad: null }
}
