/**
 * A renderer's connection to the core: an Electron window or a browser-host socket. Calls made
 * through it are checked by the call guard as that connection; closing it ends its staff session.
 *
 *   const conn = core.connect('browser-host')   // once per socket / window
 *   conn.dispatch(channel, input)               // instead of core.dispatch
 *   conn.close()                                // when the socket closes / the page goes away
 */
import { randomUUID } from 'node:crypto'
import type { Result } from '../../shared/contract/result'
import type { Caller } from './caller'
import type { StaffService } from './staff.service'

export interface Connection {
  readonly id: string
  dispatch(channel: string, input: unknown): Promise<Result<unknown>>
  /** May this page hear `event` now (its profile, session and role)? Transports ask per event. */
  mayReceive(event: string): boolean
  close(): void
}

type CallerDispatch = (channel: string, input: unknown, caller: Caller) => Promise<Result<unknown>>
export type EventGate = (event: string, caller: Caller) => boolean

export function createConnector(dispatch: CallerDispatch, staff: StaffService, gate: EventGate) {
  return (transport: string): Connection => {
    const caller: Caller = {
      kind: 'renderer',
      id: `${transport}:${randomUUID()}`,
      actor: 'anonymous',
    }
    let closed = false
    return {
      id: caller.id,
      dispatch: (channel, input) =>
        closed
          ? Promise.resolve({
              ok: false,
              error: { code: 'unavailable', message: 'this connection is closed' },
            })
          : dispatch(channel, input, caller),
      mayReceive: (event) => !closed && gate(event, caller),
      close() {
        if (closed) return
        closed = true
        staff.disconnect(caller)
      },
    }
  }
}
