import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ActivitySnapshot } from '../../../electron/core/staff/activity'
import { startUpdater, updateTrustProblem, type UpdaterLike } from '../../../electron/main/updater'

function fakeUpdater() {
  const listeners: Record<string, (arg: unknown) => void> = {}
  const u = {
    autoDownload: false,
    autoInstallOnAppQuit: false,
    allowDowngrade: true,
    allowPrerelease: true,
    installs: [] as [boolean | undefined, boolean | undefined][],
    checks: 0,
    on(event: string, l: (arg: unknown) => void) {
      listeners[event] = l
      return u
    },
    checkForUpdates() {
      u.checks++
      return Promise.resolve(null)
    },
    quitAndInstall(silent?: boolean, runAfter?: boolean) {
      u.installs.push([silent, runAfter])
    },
  }
  return { u, emit: (e: string, arg: unknown) => listeners[e]?.(arg) }
}

describe('startUpdater', () => {
  afterEach(() => vi.useRealTimers())

  function setup(activity: Partial<ActivitySnapshot> = {}) {
    const { u, emit } = fakeUpdater()
    const snapshot: ActivitySnapshot = {
      capturesInFlight: 0,
      uploadsInFlight: 0,
      migrationRunning: false,
      lastInteractionAt: null,
      ...activity,
    }
    const audit: unknown[] = []
    const log = { warn: () => undefined, info: () => undefined }
    const up = startUpdater({
      updater: u as unknown as UpdaterLike,
      activity: { snapshot: () => snapshot },
      audit: { append: (e) => audit.push(e) },
      quietMs: () => 150_000,
      log,
      clock: () => new Date('2026-01-01T12:00:00Z'),
    })
    return { u, emit, up, snapshot, audit }
  }

  it('downloads automatically, never downgrades, never takes pre-releases', () => {
    const { u, up } = setup()
    expect([u.autoDownload, u.allowDowngrade, u.allowPrerelease, u.autoInstallOnAppQuit]).toEqual([
      true,
      false,
      false,
      true,
    ])
    expect(u.checks).toBe(1)
    expect(u).not.toHaveProperty('verifyUpdateCodeSignature')
    up.stop()
  })

  it('waits while an upload runs, installs once the kiosk is quiet, and audits it', () => {
    const { u, emit, up, snapshot, audit } = setup({ uploadsInFlight: 1 })
    expect(up.tick()).toEqual({ install: false, reason: 'no update downloaded' })
    emit('update-downloaded', { version: '0.2.0' })
    expect(up.tick()).toEqual({ install: false, reason: 'a job is being uploaded' })
    expect(u.installs).toEqual([])
    snapshot.uploadsInFlight = 0
    snapshot.capturesInFlight = 1
    expect(up.tick()).toMatchObject({ install: false, reason: 'a capture is being saved' })
    snapshot.capturesInFlight = 0
    snapshot.lastInteractionAt = new Date('2026-01-01T11:59:30Z')
    expect(up.tick()).toMatchObject({ install: false, reason: 'someone is using the kiosk' })
    snapshot.lastInteractionAt = new Date('2026-01-01T11:50:00Z')
    expect(up.tick()).toEqual({ install: true })
    expect(u.installs).toEqual([[true, true]])
    expect(audit).toEqual([
      { actor: 'system:updater', action: 'app.update_installing', subject: '0.2.0' },
    ])
    expect(up.tick().install).toBe(false) // once
    up.stop()
  })
})

describe('updateTrustProblem', () => {
  const signed =
    'provider: generic\nurl: https://updates.example.com/enrol-kiosk\npublisherName:\n  - Example Bank\n'
  it.each([
    ['win32', signed, null],
    ['win32', 'provider: generic\nurl: https://u.example\n', /unsigned/],
    ['linux', 'provider: generic\nurl: https://u.example\n', null],
    ['darwin', 'provider: generic\nurl: http://u.example\n', /plain http/],
    ['linux', null, /not a published build/],
  ] as const)('%s: %j', (platform, yml, expected) => {
    const p = updateTrustProblem(platform, yml)
    if (expected === null) expect(p).toBeNull()
    else expect(p).toMatch(expected)
  })
})
