/** Opens the core for one command and always closes it, so the store is never left open. */
import type { CallInput, CallOutput, Channel } from '../shared/contract/contract'
import { AppError } from '../shared/contract/result'
import { openCore, type Core, type CoreOptions } from '../core/core'
import type { GlobalOptions } from './output'

export async function withCore<T>(
  opts: GlobalOptions,
  fn: (core: Core) => Promise<T>,
  extra: Omit<CoreOptions, 'dataDir'> = {},
): Promise<T> {
  const core = openCore({ dataDir: opts.dataDir, ...extra })
  try {
    return await fn(core)
  } finally {
    core.close()
  }
}

/** Calls the core through the contract, exactly as the UI does, and unwraps the envelope. */
export async function call<C extends Channel>(
  core: Core,
  channel: C,
  input: CallInput<C>,
): Promise<CallOutput<C>> {
  const res = await core.dispatch(channel, input)
  if (!res.ok) throw new AppError(res.error.code, res.error.message)
  return res.value as CallOutput<C>
}
