/** The Electron transport over the contract: one ipcMain handler per channel, events forwarded. */
import { ipcMain, type BrowserWindow } from 'electron'
import { CHANNELS } from '../shared/contract/contract'
import type { Core } from '../core/core'
import { isAppUrl } from './security'

export function registerIpc(core: Core, window: () => BrowserWindow | undefined): () => void {
  for (const channel of CHANNELS) {
    ipcMain.handle(`kiosk:${channel}`, (event, input: unknown) => {
      // Only our own page may call the core; a frame that navigated elsewhere may not.
      const url = event.senderFrame?.url ?? ''
      if (!isAppUrl(url)) {
        return { ok: false, error: { code: 'forbidden', message: 'caller is not the kiosk app' } }
      }
      return core.dispatch(channel, input)
    })
  }
  const unsubscribe = core.events.subscribe((name, payload) => {
    window()?.webContents.send(`kiosk-event:${name}`, payload)
  })
  return () => {
    unsubscribe()
    for (const channel of CHANNELS) ipcMain.removeHandler(`kiosk:${channel}`)
  }
}
