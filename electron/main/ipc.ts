/**
 * The Electron transport over the contract: one ipcMain handler per channel, events forwarded.
 * Each window (webContents) is its own connection to the core, so its staff session is its own and
 * ends when the page reloads, navigates or closes. ipcMain is passed in (no electron import at run
 * time), so the tests drive these handlers with a fake.
 */
import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { CHANNELS } from '../shared/contract/contract'
import type { Core } from '../core/core'
import type { Connection } from '../core/staff/connection'
import type { UrlPolicy } from './security'

export type IpcMainLike = Pick<IpcMain, 'handle' | 'removeHandler'>
type SenderLike = Pick<WebContents, 'id' | 'once'>

export function registerIpc(
  ipcMain: IpcMainLike,
  core: Pick<Core, 'connect' | 'events'>,
  policy: UrlPolicy,
  window: () => { webContents: Pick<WebContents, 'send' | 'id' | 'once'> } | undefined,
): () => void {
  const connections = new Map<number, Connection>()

  function connectionFor(sender: SenderLike): Connection {
    let conn = connections.get(sender.id)
    if (conn === undefined) {
      const c = core.connect('electron')
      connections.set(sender.id, c)
      const drop = () => {
        c.close()
        if (connections.get(sender.id) === c) connections.delete(sender.id)
      }
      // A reload is a new page: it starts signed out (in-page route changes are not navigations).
      sender.once('destroyed', drop)
      sender.once('did-navigate', drop)
      conn = c
    }
    return conn
  }

  for (const channel of CHANNELS) {
    ipcMain.handle(`kiosk:${channel}`, (event: IpcMainInvokeEvent, input: unknown) => {
      // Only our own page's main frame may call the core; a frame that navigated elsewhere or an
      // iframe may not.
      const frame = event.senderFrame
      const url = frame?.url ?? ''
      if (!policy.isAppUrl(url) || (frame !== null && frame.parent !== null)) {
        return { ok: false, error: { code: 'forbidden', message: 'caller is not the kiosk app' } }
      }
      return connectionFor(event.sender).dispatch(channel, input)
    })
  }
  const unsubscribe = core.events.subscribe((name, payload) => {
    const contents = window()?.webContents
    if (contents !== undefined && connectionFor(contents).mayReceive(name)) {
      contents.send(`kiosk-event:${name}`, payload)
    }
  })
  return () => {
    unsubscribe()
    for (const channel of CHANNELS) ipcMain.removeHandler(`kiosk:${channel}`)
    for (const c of connections.values()) c.close()
    connections.clear()
  }
}
