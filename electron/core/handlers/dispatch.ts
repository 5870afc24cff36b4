/** Validates a call against the contract, runs its handler, and wraps the outcome as data. */
import {
  contract,
  isChannel,
  type CallOutput,
  type Channel,
  type HandlerInput,
} from '../../shared/contract/contract'
import { AppError, toErrorShape, type Result } from '../../shared/contract/result'

export type Handler<C extends Channel> = (
  input: HandlerInput<C>,
) => Promise<CallOutput<C>> | CallOutput<C>
/** One handler per contract entry; a missing one is a compile error here and a test failure. */
export type Handlers = { [C in Channel]: Handler<C> }
/** The handlers of one domain's contract, e.g. DomainHandlers<typeof jobsContract>. */
export type DomainHandlers<D> = { [C in keyof D & Channel]: Handler<C> }

export type Dispatch = (channel: string, input: unknown) => Promise<Result<unknown>>

export function createDispatch(
  handlers: Handlers,
  onInternalError?: (err: unknown) => void,
): Dispatch {
  return async (channel, input) => {
    try {
      if (!isChannel(channel)) throw new AppError('invalid_input', `unknown call "${channel}"`)
      const parsed = contract[channel].input.parse(input ?? {})
      const handler = handlers[channel] as (i: unknown) => unknown
      return { ok: true, value: await handler(parsed) }
    } catch (err) {
      const shape = toErrorShape(err)
      if (shape.code === 'internal') onInternalError?.(err)
      return { ok: false, error: shape }
    }
  }
}
