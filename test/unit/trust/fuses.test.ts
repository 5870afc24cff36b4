import { FuseV1Options, FuseVersion } from '@electron/fuses'
import { describe, expect, it } from 'vitest'
import { loadFusesHook, type PackContext } from './fuses-hook'

const { applyFuses, electronBinaryPath } = await loadFusesHook()

const ctx = (platform: string, arch = 1): PackContext => ({
  appOutDir: '/dist/out',
  electronPlatformName: platform,
  arch,
  packager: { executableName: 'enrol-kiosk', appInfo: { productFilename: 'Enrolment Kiosk' } },
})

async function flipped(context: PackContext) {
  const calls: [string, Record<string | number, unknown>][] = []
  await applyFuses(context, (path, config) => {
    calls.push([path, config])
    return Promise.resolve(1)
  })
  expect(calls).toHaveLength(1)
  return calls[0] as [string, Record<string | number, unknown>]
}

describe('the afterPack fuses hook', () => {
  it('sets exactly the kiosk fuses, against the enum @electron/fuses uses', async () => {
    const [, config] = await flipped(ctx('win32'))
    expect(config).toEqual({
      version: FuseVersion.V1,
      resetAdHocDarwinSignature: false,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    })
    expect(config).not.toHaveProperty(String(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot))
  })

  it.each([
    ['win32', 1, '/dist/out/Enrolment Kiosk.exe', false],
    ['linux', 1, '/dist/out/enrol-kiosk', false],
    ['darwin', 1, '/dist/out/Enrolment Kiosk.app', false],
    ['darwin', 3, '/dist/out/Enrolment Kiosk.app', true], // arm64 needs its ad-hoc signature reset
    ['darwin', 4, '/dist/out/Enrolment Kiosk.app', true], // universal
  ])('flips the %s binary (arch %i) at the right path', async (platform, arch, path, reset) => {
    const [p, config] = await flipped(ctx(platform, arch))
    expect(p).toBe(path)
    expect(electronBinaryPath(ctx(platform, arch))).toBe(path)
    expect(config.resetAdHocDarwinSignature).toBe(reset)
  })
})
