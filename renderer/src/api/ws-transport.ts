/** The browser-host transport: the contract over one WebSocket with binary frames. */
import {
  decodeFrame,
  encodeFrame,
  type ServerMessage,
} from '../../../electron/shared/contract/wire'
import type { Transport } from './transport'

export function connectWebSocket(token: string): Transport {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws?token=${encodeURIComponent(token)}`
  let socket: WebSocket | undefined
  let opening: Promise<WebSocket> | undefined
  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Map<string, Set<(payload: unknown) => void>>()

  function open(): Promise<WebSocket> {
    if (socket?.readyState === WebSocket.OPEN) return Promise.resolve(socket)
    opening ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url)
      ws.binaryType = 'arraybuffer'
      ws.onopen = () => {
        socket = ws
        opening = undefined
        resolve(ws)
      }
      ws.onerror = () => {
        opening = undefined
        reject(new Error('cannot reach the kiosk core'))
      }
      ws.onclose = () => {
        socket = undefined
        for (const p of pending.values()) p.reject(new Error('connection to the kiosk core closed'))
        pending.clear()
      }
      ws.onmessage = (e: MessageEvent<ArrayBuffer>) => {
        const msg = decodeFrame(new Uint8Array(e.data)) as ServerMessage
        if ('event' in msg) {
          for (const l of listeners.get(msg.event) ?? []) l(msg.payload)
        } else {
          pending.get(msg.id)?.resolve(msg.result)
          pending.delete(msg.id)
        }
      }
    })
    return opening
  }

  return {
    async invoke(channel, input) {
      const ws = await open()
      const id = nextId++
      return new Promise((resolve, reject) => {
        pending.set(id, { resolve, reject })
        ws.send(encodeFrame({ id, channel, input }))
      })
    },
    on(event, listener) {
      void open().catch(() => undefined)
      const set = listeners.get(event) ?? new Set()
      set.add(listener)
      listeners.set(event, set)
      return () => set.delete(listener)
    },
  }
}
