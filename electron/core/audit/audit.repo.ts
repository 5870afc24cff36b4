/** All SQL about the audit log and its anchor. Entries are only ever inserted. */
import type { Db } from '../store/database'
import type { AnchorRow, AuditRow } from './audit-chain'

export interface AuditListQuery {
  limit: number
  /** Only entries before this seq (paging backwards). */
  beforeSeq?: number | undefined
  action?: string | undefined
}

export type AuditRepo = ReturnType<typeof createAuditRepo>

export function createAuditRepo(db: Db) {
  const q = {
    head: db.prepare('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1'),
    anchor: db.prepare('SELECT seq, hash, seal FROM audit_anchor WHERE id = 1'),
    insert: db.prepare(`INSERT INTO audit_log (seq, at, actor, action, subject, detail, prev_hash,
      hash, seal) VALUES (@seq, @at, @actor, @action, @subject, @detail, @prev_hash, @hash, @seal)`),
    setAnchor: db.prepare(`INSERT INTO audit_anchor (id, seq, hash, seal, updated_at)
      VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq,
      hash = excluded.hash, seal = excluded.seal, updated_at = excluded.updated_at`),
    all: db.prepare('SELECT * FROM audit_log ORDER BY seq'),
    count: db.prepare('SELECT count(*) FROM audit_log').pluck(),
  }

  return {
    head: () => q.head.get() as { seq: number; hash: string } | undefined,
    anchor: () => q.anchor.get() as AnchorRow | undefined,
    /** Inserts the entry and moves the anchor; the caller runs both in one transaction. */
    insert(row: AuditRow, anchorSeal: string, at: string): void {
      q.insert.run(row)
      q.setAnchor.run(row.seq, row.hash, anchorSeal, at)
    },
    /** Every entry in order, streamed (the log may be long). */
    iterate: () => q.all.iterate() as IterableIterator<AuditRow>,
    count: () => q.count.get() as number,
    list(query: AuditListQuery): AuditRow[] {
      const where: string[] = []
      const args: (string | number)[] = []
      if (query.beforeSeq !== undefined) {
        where.push('seq < ?')
        args.push(query.beforeSeq)
      }
      if (query.action !== undefined) {
        // A prefix: "staff." lists every staff action.
        where.push("(action = ? OR action LIKE ? ESCAPE '\\')")
        args.push(query.action, query.action.replace(/[\\%_]/g, '\\$&') + '%')
      }
      const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY seq DESC LIMIT ?`
      return db.prepare(sql).all(...args, query.limit) as AuditRow[]
    },
  }
}
