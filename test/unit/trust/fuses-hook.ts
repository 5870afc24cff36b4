/**
 * Loads scripts/after-pack-fuses.mjs (plain JS, so electron-builder runs it as is) with the types
 * the tests rely on. A URL, not a literal specifier, so TypeScript does not look for declarations.
 */
export interface PackContext {
  appOutDir: string
  electronPlatformName: string
  arch: number
  packager: { executableName: string; appInfo: { productFilename: string } }
}
export type FlipFuses = (path: string, config: Record<string | number, unknown>) => Promise<unknown>
export interface FusesHook {
  applyFuses: (context: PackContext, flipFuses: FlipFuses) => Promise<void>
  electronBinaryPath: (context: PackContext) => string
  afterPack: (context: PackContext) => Promise<void>
}

export const loadFusesHook = async (): Promise<FusesHook> =>
  (await import(
    new URL('../../../scripts/after-pack-fuses.mjs', import.meta.url).href
  )) as FusesHook
