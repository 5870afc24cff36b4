/** All SQL about staff accounts. Secret hashes never leave this file except to be verified. */
import type { StaffRole } from '../../shared/trust/approval.schema'
import type { LockState } from '../../shared/trust/credentials.policy'
import type { Db } from '../store/database'

export interface StaffRow {
  id: number
  username: string
  display_name: string
  role: StaffRole
  secret_hash: string
  failed_attempts: number
  locked_until: string | null
  last_sign_in_at: string | null
  created_at: string
  updated_at: string
}

export type StaffRepo = ReturnType<typeof createStaffRepo>

export function createStaffRepo(db: Db) {
  const q = {
    get: db.prepare('SELECT * FROM staff WHERE username = ?'),
    list: db.prepare('SELECT * FROM staff ORDER BY role DESC, username'),
    count: db.prepare('SELECT count(*) FROM staff').pluck(),
    supervisors: db.prepare("SELECT count(*) FROM staff WHERE role = 'supervisor'").pluck(),
    insert: db.prepare(`INSERT INTO staff (username, display_name, role, secret_hash, created_at,
      updated_at) VALUES (?, ?, ?, ?, ?, ?)`),
    setLock: db.prepare(
      'UPDATE staff SET failed_attempts = ?, locked_until = ?, updated_at = ? WHERE id = ?',
    ),
    signedIn: db.prepare(`UPDATE staff SET failed_attempts = 0, locked_until = NULL,
      last_sign_in_at = ?, updated_at = ? WHERE id = ?`),
    setSecret: db.prepare(`UPDATE staff SET secret_hash = ?, failed_attempts = 0,
      locked_until = NULL, updated_at = ? WHERE id = ?`),
    remove: db.prepare('DELETE FROM staff WHERE id = ?'),
  }

  return {
    get: (username: string) => q.get.get(username) as StaffRow | undefined,
    list: () => q.list.all() as StaffRow[],
    count: () => q.count.get() as number,
    supervisorCount: () => q.supervisors.get() as number,
    insert(
      a: { username: string; displayName: string; role: StaffRole; hash: string },
      at: string,
    ) {
      q.insert.run(a.username, a.displayName, a.role, a.hash, at, at)
    },
    setLock: (id: number, s: LockState, at: string) =>
      q.setLock.run(s.failedAttempts, s.lockedUntil, at, id),
    signedIn: (id: number, at: string) => q.signedIn.run(at, at, id),
    setSecret: (id: number, hash: string, at: string) => q.setSecret.run(hash, at, id),
    remove: (id: number) => q.remove.run(id),
    transaction: <T>(fn: () => T): T => db.transaction(fn).immediate(),
  }
}
