/**
 * The afterPack hook with the real @electron/fuses against a file laid out like an Electron
 * binary's fuse wire (sentinel, version, length, one byte per fuse): the bytes come out exactly
 * as the kiosk wants them. (No Electron binary can be downloaded on this build machine.)
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { FuseV1Options, flipFuses, getCurrentFuseWire } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import { loadFusesHook } from '../../unit/trust/fuses-hook'
import { tempDir } from '../../support/temp'

const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX'
/** @electron/fuses' FuseState: ASCII '1' and '0'. */
const FuseState = { ENABLE: 49, DISABLE: 48 } as const

describe('fuses in a packaged binary', () => {
  it('are flipped to exactly the kiosk settings by the afterPack hook', async () => {
    const out = tempDir()
    const binary = join(out, 'enrol-kiosk')
    // Electron's defaults: everything enabled except cookie encryption and asar integrity.
    const wire = [1, 0, 1, 1, 0, 0, 0, 1].map((on) => (on ? FuseState.ENABLE : FuseState.DISABLE))
    writeFileSync(
      binary,
      Buffer.concat([
        Buffer.alloc(4096, 7),
        Buffer.from(SENTINEL),
        Buffer.from([1, wire.length, ...wire]),
        Buffer.alloc(4096, 7),
      ]),
    )
    const { applyFuses } = await loadFusesHook()
    await applyFuses(
      {
        appOutDir: out,
        electronPlatformName: 'linux',
        arch: 1,
        packager: {
          executableName: 'enrol-kiosk',
          appInfo: { productFilename: 'Enrolment Kiosk' },
        },
      },
      flipFuses as never,
    )
    const fuses = await getCurrentFuseWire(binary)
    expect({
      runAsNode: fuses[FuseV1Options.RunAsNode],
      cookieEncryption: fuses[FuseV1Options.EnableCookieEncryption],
      nodeOptions: fuses[FuseV1Options.EnableNodeOptionsEnvironmentVariable],
      inspect: fuses[FuseV1Options.EnableNodeCliInspectArguments],
      asarIntegrity: fuses[FuseV1Options.EnableEmbeddedAsarIntegrityValidation],
      onlyAsar: fuses[FuseV1Options.OnlyLoadAppFromAsar],
      v8Snapshot: fuses[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot],
      fileProtocol: fuses[FuseV1Options.GrantFileProtocolExtraPrivileges],
    }).toEqual({
      runAsNode: FuseState.DISABLE,
      cookieEncryption: FuseState.ENABLE,
      nodeOptions: FuseState.DISABLE,
      inspect: FuseState.DISABLE,
      asarIntegrity: FuseState.ENABLE,
      onlyAsar: FuseState.ENABLE,
      v8Snapshot: FuseState.DISABLE, // untouched default
      fileProtocol: FuseState.DISABLE,
    })
    // Nothing else in the file moved.
    const bytes = readFileSync(binary)
    expect(bytes.subarray(0, 4096).every((b) => b === 7)).toBe(true)
    expect(bytes.length).toBe(4096 * 2 + SENTINEL.length + 2 + 8)
  })
})
