/** Which onnxruntime execution providers to try, in order, for a requested preference. */

export const PROVIDER_PREFERENCES = ['auto', 'cpu', 'cuda', 'dml', 'coreml'] as const
export type ProviderPreference = (typeof PROVIDER_PREFERENCES)[number]

export const isProviderPreference = (v: string): v is ProviderPreference =>
  (PROVIDER_PREFERENCES as readonly string[]).includes(v)

/**
 * The GPU provider each OS ships with onnxruntime-node first, then CPU. CPU always ends the list:
 * a kiosk with a broken GPU driver still checks faces, only slower, and says so.
 */
export function providerCandidates(requested: ProviderPreference, platform: string): string[] {
  if (requested === 'cpu') return ['cpu']
  if (requested !== 'auto') return [requested, 'cpu']
  switch (platform) {
    case 'linux':
      return ['cuda', 'cpu']
    case 'win32':
      return ['dml', 'cpu']
    case 'darwin':
      return ['coreml', 'cpu']
    default:
      return ['cpu']
  }
}

/** Which platform can run a provider at all, so a wrong choice is explained, not attempted. */
export function providerPlatformProblem(provider: string, platform: string): string | null {
  const needs: Record<string, string> = { cuda: 'linux|win32', dml: 'win32', coreml: 'darwin' }
  const allowed = needs[provider]
  if (allowed === undefined || allowed.split('|').includes(platform)) return null
  const names: Record<string, string> = { linux: 'Linux', win32: 'Windows', darwin: 'macOS' }
  const where = allowed
    .split('|')
    .map((p) => names[p] ?? p)
    .join(' or ')
  return `${provider} runs only on ${where}`
}
