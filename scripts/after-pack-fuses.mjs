// electron-builder afterPack hook: flips Electron's fuses in the packaged binary before it is
// signed (afterPack runs before signing; flipping after would break the signature).
// electron-builder also embeds the asar header hash (Info.plist / Windows resource) unless
// disableAsarIntegrity is set; EnableEmbeddedAsarIntegrityValidation makes Electron check it and
// OnlyLoadAppFromAsar stops it loading an unchecked app/ folder instead. Linux has no asar
// integrity in Electron; the fuses still apply there.
import { join } from 'node:path'

// Values of @electron/fuses' FuseV1Options (stable indices in the fuse wire).
export const FUSE = {
  RunAsNode: 0,
  EnableCookieEncryption: 1,
  EnableNodeOptionsEnvironmentVariable: 2,
  EnableNodeCliInspectArguments: 3,
  EnableEmbeddedAsarIntegrityValidation: 4,
  OnlyLoadAppFromAsar: 5,
  LoadBrowserProcessSpecificV8Snapshot: 6,
  GrantFileProtocolExtraPrivileges: 7,
}

/** Exactly the fuses the kiosk sets, and why. Unlisted fuses keep Electron's default. */
export const KIOSK_FUSES = {
  // ELECTRON_RUN_AS_NODE would turn the signed binary into a plain Node that runs any script.
  [FUSE.RunAsNode]: false,
  // Cookies on disk encrypted with the OS key store.
  [FUSE.EnableCookieEncryption]: true,
  // NODE_OPTIONS could --require arbitrary code into the main process.
  [FUSE.EnableNodeOptionsEnvironmentVariable]: false,
  // --inspect would hand a debugger (and the decrypted store) to whoever starts the app.
  [FUSE.EnableNodeCliInspectArguments]: false,
  // Refuse to start if app.asar differs from the hash embedded at build time…
  [FUSE.EnableEmbeddedAsarIntegrityValidation]: true,
  // …and never fall back to an unpacked app/ folder that is not checked.
  [FUSE.OnlyLoadAppFromAsar]: true,
  // file:// gets no extra privileges; the renderer comes from app:// anyway.
  [FUSE.GrantFileProtocolExtraPrivileges]: false,
}

const ARCH_ARM64 = 3
const ARCH_UNIVERSAL = 4

/** The packaged Electron binary for this platform (the same rule electron-builder uses). */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context
  const name =
    electronPlatformName === 'linux' ? packager.executableName : packager.appInfo.productFilename
  const ext = { darwin: '.app', mas: '.app', win32: '.exe', linux: '' }[electronPlatformName] ?? ''
  return join(appOutDir, `${name}${ext}`)
}

export function fuseConfig(context) {
  return {
    version: '1',
    // Flipping fuses invalidates the ad-hoc signature arm64 macOS needs to run at all.
    resetAdHocDarwinSignature:
      (context.electronPlatformName === 'darwin' || context.electronPlatformName === 'mas') &&
      (context.arch === ARCH_ARM64 || context.arch === ARCH_UNIVERSAL),
    ...KIOSK_FUSES,
  }
}

/** Testable core of the hook: `flipFuses` is @electron/fuses' function, or a fake. */
export async function applyFuses(context, flipFuses) {
  await flipFuses(electronBinaryPath(context), fuseConfig(context))
}

export async function afterPack(context) {
  const { flipFuses } = await import('@electron/fuses')
  await applyFuses(context, flipFuses)
}
