/**
 * The Electron IPC transport against a real core, with a fake ipcMain: calls from anything but our
 * page's main frame are refused, each window is its own signed-in connection, and a reload or a
 * closed window signs it out.
 */
import { describe, expect, it } from 'vitest'
import { registerIpc, type IpcMainLike } from '../../../electron/main/ipc'
import { createUrlPolicy } from '../../../electron/main/security'
import { tempDir } from '../../support/temp'
import { op, openTestCore } from './trust-support'

type Handler = (event: unknown, input: unknown) => unknown

function fakeIpc() {
  const handlers = new Map<string, Handler>()
  const ipc = {
    handle: (ch: string, h: Handler) => handlers.set(ch, h),
    removeHandler: (ch: string) => handlers.delete(ch),
  }
  return { ipc: ipc as unknown as IpcMainLike, handlers }
}

function fakeSender(id: number) {
  const once: Record<string, () => void> = {}
  return {
    sender: { id, once: (e: string, l: () => void) => (once[e] = l) },
    fire: (e: string) => once[e]?.(),
  }
}

const frame = (url: string, parent: unknown = null) => ({ url, parent })

describe('Electron IPC transport', () => {
  it('lets only our main frame call, one connection per window, signed out on reload', async () => {
    const core = openTestCore(tempDir())
    await op(core, 'staff:add', { username: 'sam', role: 'supervisor', secret: 'sup-pin-4711' })
    const { ipc, handlers } = fakeIpc()
    const stop = registerIpc(ipc, core, createUrlPolicy({ production: true }), () => undefined)
    const invoke = (ch: string, ev: unknown, input: unknown = {}) =>
      handlers.get(`kiosk:${ch}`)?.(ev, input)
    const win1 = fakeSender(1)
    const win2 = fakeSender(2)
    const page = (w: ReturnType<typeof fakeSender>) => ({
      sender: w.sender,
      senderFrame: frame('app://kiosk/index.html'),
    })

    const foreign = { sender: win1.sender, senderFrame: frame('https://evil.example/') }
    expect(await invoke('settings:get', foreign)).toEqual({
      ok: false,
      error: { code: 'forbidden', message: 'caller is not the kiosk app' },
    })
    const iframe = { sender: win1.sender, senderFrame: frame('app://kiosk/x.html', {}) }
    expect(await invoke('settings:get', iframe)).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    })

    expect(await invoke('jobs:list', page(win1))).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    })
    expect(
      await invoke('staff:signIn', page(win1), { username: 'sam', secret: 'sup-pin-4711' }),
    ).toMatchObject({ ok: true })
    expect(await invoke('jobs:list', page(win1))).toEqual({ ok: true, value: [] })
    expect(await invoke('jobs:list', page(win2))).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    })

    win1.fire('did-navigate') // reload: a new page starts signed out
    expect(await invoke('jobs:list', page(win1))).toMatchObject({
      ok: false,
      error: { code: 'unauthenticated' },
    })
    stop()
    expect(handlers.size).toBe(0)
    core.close()
  })
})
