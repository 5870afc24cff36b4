import { describe, expect, it } from 'vitest'
import {
  isProviderPreference,
  providerCandidates,
  providerPlatformProblem,
  type ProviderPreference,
} from '../../../electron/shared/face/execution-provider.policy'

describe('execution provider choice', () => {
  it.each<[ProviderPreference, string, string[]]>([
    ['auto', 'linux', ['cuda', 'cpu']],
    ['auto', 'win32', ['dml', 'cpu']],
    ['auto', 'darwin', ['coreml', 'cpu']],
    ['auto', 'freebsd', ['cpu']],
    ['cpu', 'linux', ['cpu']],
    ['cuda', 'win32', ['cuda', 'cpu']],
    ['coreml', 'darwin', ['coreml', 'cpu']],
  ])('%s on %s tries %j', (pref, platform, expected) => {
    expect(providerCandidates(pref, platform)).toEqual(expected)
  })

  it.each<[string, string, string | null]>([
    ['cuda', 'linux', null],
    ['cuda', 'win32', null],
    ['cuda', 'darwin', 'cuda runs only on Linux or Windows'],
    ['dml', 'linux', 'dml runs only on Windows'],
    ['coreml', 'win32', 'coreml runs only on macOS'],
    ['cpu', 'linux', null],
  ])('%s on %s: %s', (p, platform, problem) => {
    expect(providerPlatformProblem(p, platform)).toBe(problem)
  })

  it('knows the preferences staff may set', () => {
    expect(isProviderPreference('cuda')).toBe(true)
    expect(isProviderPreference('tpu')).toBe(false)
  })
})
