/**
 * The renderer's one way to reach the core. Under Electron it uses the preload bridge; in a
 * browser it uses the host's socket, with the token handed over in the URL fragment.
 */
import type { KioskApi } from '../../../electron/shared/contract/contract'
import type { AppErrorShape, Result } from '../../../electron/shared/contract/result'
import { connectWebSocket } from './ws-transport'
import type { Transport } from './transport'

/** A refused call, with the core's error code and its human message. */
export class CoreError extends Error {
  readonly code: string
  constructor(shape: AppErrorShape) {
    super(shape.message)
    this.code = shape.code
  }
}

export function createKioskApi(transport: Transport): KioskApi {
  return {
    async call(channel, input) {
      const res = (await transport.invoke(channel, input)) as Result<never>
      if (!res.ok) throw new CoreError(res.error)
      return res.value
    },
    on(event, listener) {
      return transport.on(event, listener as (p: unknown) => void)
    },
  }
}

const TOKEN_KEY = 'kiosk.host.token'

export function detectTransport(): Transport {
  if (window.kiosk) {
    const bridge = window.kiosk
    return { invoke: (c, i) => bridge.call(c, i), on: (e, l) => bridge.on(e, l) }
  }
  // The token arrives once in the fragment; keep it for reloads and take it off the address bar.
  const fromHash = new URLSearchParams(location.hash.slice(1)).get('token')
  if (fromHash) {
    sessionStorage.setItem(TOKEN_KEY, fromHash)
    history.replaceState(null, '', location.pathname + location.search)
  }
  return connectWebSocket(sessionStorage.getItem(TOKEN_KEY) ?? '')
}
