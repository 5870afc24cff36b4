/**
 * The audit trail: who did what, append-only and hash-chained (see audit-chain.ts for the design).
 *
 * Other services call `append` — sync, for instance:
 *   core.audit.append({ actor: 'sync', action: 'sync.final_result', subject: jobId,
 *                       detail: { resultCode: '0810' } })
 * Call it inside your own db transaction to make the entry and the change one atomic write.
 * Never put images, keys, PINs or API keys in `detail`: fields whose names say they are secret are
 * replaced by "[redacted]" as a second line of defence.
 */
import type { Keyring } from '../crypto/keyring'
import { type Db } from '../store/database'
import {
  anchorText,
  canonicalJson,
  entryHash,
  GENESIS_HASH,
  sealOf,
  verifyChain,
  type AuditRow,
  type VerifyReport,
} from './audit-chain'
import { createAuditRepo, type AuditListQuery } from './audit.repo'
import { trustKey } from './trust-keys.repo'
import { errorText } from '../../shared/contract/result'

export interface AuditInput {
  /** Who: "staff:alice", "supervisor:bob", "operator:root", "customer", "sync", "system". */
  actor: string
  /** What, dotted and past tense: "job.captured", "staff.sign_in_failed", "settings.changed". */
  action: string
  /** What it was done to: a job id, a setting key, a staff name; "" when nothing in particular. */
  subject?: string
  detail?: Record<string, unknown>
}

export interface AuditEntry {
  seq: number
  at: string
  actor: string
  action: string
  subject: string
  detail: Record<string, unknown>
  hash: string
}

const SECRET_FIELD = /(secret|password|passwd|pin|apikey|api_key|token|signature|privatekey)/i
const MAX_DETAIL_CHARS = 8192

export type AuditService = ReturnType<typeof createAuditService>

export function createAuditService(db: Db, keyring: Keyring, clock: () => Date) {
  const repo = createAuditRepo(db)
  const now = () => clock().toISOString()
  let key: Buffer | undefined
  // Unwrapped on first use, so opening the core for a read-only command costs nothing.
  const sealKey = () => (key ??= trustKey(db, keyring, 'audit-seal', now))

  function append(input: AuditInput): AuditEntry {
    const k = sealKey()
    const detail = canonicalJson(redact(input.detail ?? {}))
    if (detail.length > MAX_DETAIL_CHARS) {
      throw new Error(`audit detail for ${input.action} is too long (${detail.length} characters)`)
    }
    const write = db.transaction((): AuditEntry => {
      const head = repo.head()
      const anchor = repo.anchor()
      // If entries were cut off the end, continue numbering after the anchor: the gap stays
      // visible to `audit verify` instead of being papered over by new entries.
      const seq = Math.max(head?.seq ?? 0, anchor?.seq ?? 0) + 1
      const at = now()
      const base = {
        seq,
        at,
        actor: input.actor,
        action: input.action,
        subject: input.subject ?? '',
        detail,
        prev_hash: head?.hash ?? GENESIS_HASH,
      }
      const hash = entryHash(base)
      const row: AuditRow = { ...base, hash, seal: sealOf(k, hash) }
      repo.insert(row, sealOf(k, anchorText(seq, hash)), at)
      return toEntry(row)
    })
    // Inside a caller's transaction this becomes a savepoint; on its own it takes the write lock
    // first, so two processes cannot both read the same head.
    return db.inTransaction ? write() : write.immediate()
  }

  function verify(): VerifyReport {
    let k: Buffer
    try {
      k = sealKey()
    } catch (err) {
      // Reported, not thrown: this is the tool that says what is wrong with the trail.
      return {
        ok: false,
        entries: repo.count(),
        head: null,
        anchor: 'unverifiable',
        firstBad: { seq: 0, problem: errorText(err) },
      }
    }
    // One read transaction: the rows and the anchor are seen at the same moment.
    return db.transaction(() => verifyChain(repo.iterate(), repo.anchor(), k))()
  }

  return {
    append,
    verify,
    list: (query: AuditListQuery): AuditEntry[] => repo.list(query).map(toEntry),
    count: () => repo.count(),
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    subject: r.subject,
    detail: readDetail(r.detail),
    hash: r.hash,
  }
}

/** An entry whose bytes changed is still listed (`audit verify` names it as broken). */
function readDetail(text: string): Record<string, unknown> {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    v = undefined
  }
  if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>
  return { unreadable: 'this entry’s detail cannot be read; run kiosk audit verify' }
}

export function redact(detail: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(detail)) {
    if (SECRET_FIELD.test(k) && typeof v !== 'boolean') out[k] = '[redacted]'
    else if (v instanceof Uint8Array) out[k] = `[${v.byteLength} bytes]`
    else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      out[k] = redact(v as Record<string, unknown>)
    } else out[k] = v
  }
  return out
}
