import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { CHANNELS, contract, EVENT_NAMES, events } from '../../electron/shared/contract/contract'
import type { CoreServices } from '../../electron/core/core'
import { createDispatch } from '../../electron/core/handlers/dispatch'
import { createHandlers } from '../../electron/core/handlers/handlers'

describe('the contract', () => {
  // Handlers only touch the core when called, so an empty core is enough to list them.
  const handlers = createHandlers({} as CoreServices)

  it('has a handler for every entry, and no handler without an entry', () => {
    expect(Object.keys(handlers).sort()).toEqual([...CHANNELS].sort())
    for (const c of CHANNELS) expect(typeof handlers[c]).toBe('function')
  })

  it('declares an input and an output schema for every entry', () => {
    for (const c of CHANNELS) {
      expect(contract[c].input).toBeInstanceOf(z.ZodType)
      expect(contract[c].output).toBeInstanceOf(z.ZodType)
    }
    for (const e of EVENT_NAMES) expect(events[e]).toBeInstanceOf(z.ZodType)
  })

  it('refuses unknown channels and bad input as data, never as a throw', async () => {
    const dispatch = createDispatch(handlers)
    await expect(dispatch('jobs:explode', {})).resolves.toEqual({
      ok: false,
      error: { code: 'invalid_input', message: 'unknown call "jobs:explode"' },
    })
    const res = await dispatch('jobs:get', { jobId: '' })
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_input' } })
    expect(res.ok ? '' : res.error.message).toMatch(/jobId: job id is empty/)
  })

  it('reports a failing handler as an internal error without crashing the caller', async () => {
    const seen: unknown[] = []
    const dispatch = createDispatch(
      { ...handlers, 'jobs:list': () => Promise.reject(new Error('disk on fire')) },
      (e) => seen.push(e),
    )
    await expect(dispatch('jobs:list', {})).resolves.toEqual({
      ok: false,
      error: { code: 'internal', message: 'disk on fire' },
    })
    expect(seen).toHaveLength(1)
  })
})
