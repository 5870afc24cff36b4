/** The ordered list of migrations. Append only; never edit a migration that has shipped. */
import type Database from 'better-sqlite3'
import { up as m0001 } from './0001-initial'

export interface Migration {
  version: number
  name: string
  up: (db: Database.Database) => void
}

export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: '0001-initial', up: m0001 }]
