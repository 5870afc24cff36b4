/** Validates a call against the contract, runs its handler, and wraps the outcome as data. */
import {
  contract,
  isChannel,
  type CallOutput,
  type Channel,
  type HandlerInput,
} from '../../shared/contract/contract'
import { AppError, toErrorShape, type Result } from '../../shared/contract/result'
import { OPERATOR, type Caller } from '../staff/caller'
import type { CallGuard } from '../staff/call-guard'

export type Handler<C extends Channel> = (
  input: HandlerInput<C>,
  /** Who is calling (renderer connection or local operator); most handlers ignore it. */
  caller: Caller,
) => Promise<CallOutput<C>> | CallOutput<C>
/** One handler per contract entry; a missing one is a compile error here and a test failure. */
export type Handlers = { [C in Channel]: Handler<C> }
/** The handlers of one domain's contract, e.g. DomainHandlers<typeof jobsContract>. */
export type DomainHandlers<D> = { [C in keyof D & Channel]: Handler<C> }

/** Without `caller` the call is the local operator's (CLI); renderers go through core.connect(). */
export type Dispatch = (
  channel: string,
  input: unknown,
  caller?: Caller,
) => Promise<Result<unknown>>

export function createDispatch(
  handlers: Handlers,
  onInternalError?: (err: unknown) => void,
  guard?: CallGuard,
): Dispatch {
  return async (channel, input, caller = OPERATOR) => {
    try {
      if (!isChannel(channel)) throw new AppError('invalid_input', `unknown call "${channel}"`)
      const parsed = contract[channel].input.parse(input ?? {})
      const handler = handlers[channel] as (i: unknown, c: Caller) => unknown
      const run = (c: Caller) => Promise.resolve(handler(parsed, c))
      return { ok: true, value: await (guard ? guard(channel, parsed, caller, run) : run(caller)) }
    } catch (err) {
      const shape = toErrorShape(err)
      if (shape.code === 'internal') onInternalError?.(err)
      return { ok: false, error: { ...shape, message: oneLine(shape.message) } }
    }
  }
}

/** Messages may echo what the caller sent (a channel, a key, an id): at most this much of it. */
const MAX_MESSAGE_CHARS = 1000

/**
 * Every refusal is one line a person can read: line breaks and control characters from echoed
 * input or library errors are folded to spaces, and an echo of a huge input is cut short.
 */
export function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  const line = message.replace(/[\u0000-\u001f\u007f\u2028\u2029\s]+/g, ' ').trim()
  if (line === '') return 'the call failed'
  return line.length > MAX_MESSAGE_CHARS ? `${line.slice(0, MAX_MESSAGE_CHARS - 1)}…` : line
}
