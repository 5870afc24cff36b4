/** The ordered list of migrations. Append only; never edit a migration that has shipped. */
import type Database from 'better-sqlite3'
import { up as m0001 } from './0001-initial'
import { up as m0002 } from './0002-sync'
import { up as m0003 } from './0003-face-templates'
import { up as m0004 } from './0004-trust'
import { up as m0005 } from './0005-field'

export interface Migration {
  version: number
  name: string
  up: (db: Database.Database) => void
}

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: '0001-initial', up: m0001 },
  { version: 2, name: '0002-sync', up: m0002 },
  { version: 3, name: '0003-face-templates', up: m0003 },
  { version: 4, name: '0004-trust', up: m0004 },
  { version: 5, name: '0005-field', up: m0005 },
]
