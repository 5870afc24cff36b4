/**
 * Who is making a contract call. Transports create one per connection (an Electron window, a
 * browser-host socket): the staff session hangs off `id`, so the renderer never holds a token an
 * injected script could steal and replay elsewhere. The CLI is the local operator.
 */
import { userInfo } from 'node:os'

export interface Caller {
  kind: 'operator' | 'renderer'
  /** Stable for the life of the connection. */
  id: string
  /** How the audit log names whoever is behind it; the call guard fills it in per call. */
  actor: string
  /** The supervisor who approved this very call, when it needed approval. */
  approvedBy?: string
}

function osUser(): string {
  try {
    return userInfo().username
  } catch {
    return 'unknown'
  }
}

/** The person at this machine's shell: they hold the key file and the database already. */
export const OPERATOR: Caller = { kind: 'operator', id: 'operator', actor: `operator:${osUser()}` }
