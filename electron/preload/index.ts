/**
 * The only bridge between the page and the app: one object, `window.kiosk`, with one `call` that
 * accepts contract channels only and one `on` for contract events only. No ipcRenderer leaks out.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { CHANNELS, EVENT_NAMES } from '../shared/contract/contract'

const channels = new Set<string>(CHANNELS)
const eventNames = new Set<string>(EVENT_NAMES)

const api = {
  call(channel: string, input: unknown): Promise<unknown> {
    if (!channels.has(channel)) return Promise.reject(new Error(`unknown call "${channel}"`))
    return ipcRenderer.invoke(`kiosk:${channel}`, input)
  },
  on(event: string, listener: (payload: unknown) => void): () => void {
    if (!eventNames.has(event)) throw new Error(`unknown event "${event}"`)
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload)
    ipcRenderer.on(`kiosk-event:${event}`, wrapped)
    return () => ipcRenderer.removeListener(`kiosk-event:${event}`, wrapped)
  },
}

contextBridge.exposeInMainWorld('kiosk', api)
