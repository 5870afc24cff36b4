/**
 * Supervises the inference process: starts it on first use, waits for its models to load,
 * times every call out, and when it dies (crash, OOM, kill) fails the calls it was running with
 * `unavailable` and starts a fresh one for the next call. A crash loop is cut short so a broken
 * install fails fast instead of forking forever.
 */
import { AppError } from '../../shared/contract/result'
import type { EngineInfo } from '../../shared/face/face.types'
import type {
  InferenceRequest,
  InferenceResponse,
  InitParams,
} from '../../shared/face/inference-protocol'
import type { Logger } from '../log'
import type { InferenceChild, SpawnInference } from './inference-child'

type Call = Exclude<InferenceRequest, { op: 'init' }>
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
export type CallBody = DistributiveOmit<Call, 'id'>
type RequestBody = DistributiveOmit<InferenceRequest, 'id'>

export interface SupervisorOptions {
  spawn: SpawnInference
  /** Read at every (re)start, so a changed provider setting applies to the next process. */
  initParams: () => InitParams
  log: Logger
  /** Per call, measured from when the call is sent. */
  callTimeoutMs?: number
  /** Process start plus loading every model. */
  startTimeoutMs?: number
}

interface Pending {
  resolve: (v: unknown) => void
  reject: (e: AppError) => void
  timer: NodeJS.Timeout
}

/** More crashes than this within CRASH_WINDOW_MS and calls fail fast until the window passes. */
const MAX_CRASHES = 3
const CRASH_WINDOW_MS = 60_000

export type InferenceSupervisor = ReturnType<typeof createInferenceSupervisor>

export function createInferenceSupervisor(opts: SupervisorOptions) {
  const callTimeoutMs = opts.callTimeoutMs ?? 15_000
  const startTimeoutMs = opts.startTimeoutMs ?? 30_000
  let child: InferenceChild | undefined
  let ready: Promise<EngineInfo> | undefined
  let nextId = 1
  const pending = new Map<number, Pending>()
  const crashes: number[] = []
  let closed = false

  function start(): Promise<EngineInfo> {
    const now = Date.now()
    while (crashes.length > 0 && (crashes[0] ?? 0) < now - CRASH_WINDOW_MS) crashes.shift()
    if (crashes.length >= MAX_CRASHES) {
      return Promise.reject(
        new AppError(
          'unavailable',
          `the face engine stopped ${crashes.length} times in the last minute; it will be retried shortly (see the log)`,
        ),
      )
    }
    const c = opts.spawn()
    child = c
    c.onMessage((msg) => settle(msg))
    c.onExit((how) => onExit(c, how))
    const params = opts.initParams()
    return send(c, { op: 'init', params }, startTimeoutMs) as Promise<EngineInfo>
  }

  function onExit(c: InferenceChild, how: string): void {
    if (child !== c) return // an old process we already replaced
    child = undefined
    ready = undefined
    if (!closed) {
      crashes.push(Date.now())
      opts.log.warn('inference process exited', { how, inFlight: pending.size })
    }
    failAll(
      closed
        ? new AppError('unavailable', 'the face engine was shut down before the check finished')
        : new AppError(
            'unavailable',
            `the face engine stopped (${how}) during the check; nothing was decided, try again`,
          ),
    )
  }

  function failAll(err: AppError): void {
    for (const [id, p] of pending) {
      clearTimeout(p.timer)
      pending.delete(id)
      p.reject(err)
    }
  }

  function settle(msg: InferenceResponse): void {
    const p = pending.get(msg.id)
    if (p === undefined) return // answered after its timeout; already failed
    pending.delete(msg.id)
    clearTimeout(p.timer)
    if (pending.size === 0) child?.setBusy(false)
    if (msg.ok) p.resolve(msg.value)
    else p.reject(new AppError(msg.error.code, msg.error.message))
  }

  function send(c: InferenceChild, body: RequestBody, timeoutMs: number): Promise<unknown> {
    const id = nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id)
        reject(
          new AppError(
            'unavailable',
            `the face engine did not answer within ${Math.round(timeoutMs / 1000)} s; it is being restarted`,
          ),
        )
        // A call stuck in native code cannot be cancelled; everything queued behind it is lost too.
        opts.log.warn('inference call timed out; killing the process', { op: body.op })
        c.kill(true)
      }, timeoutMs)
      pending.set(id, { resolve, reject, timer })
      c.setBusy(true)
      c.send({ ...body, id })
    })
  }

  function ensureReady(): Promise<EngineInfo> {
    if (closed) return Promise.reject(new AppError('unavailable', 'the face engine is shut down'))
    if (ready === undefined) {
      const starting = start()
      ready = starting
      starting.catch(() => {
        // A start that failed (missing model, crash loop) is not cached: the next call retries.
        if (ready === starting) {
          ready = undefined
          const c = child
          child = undefined
          c?.kill(false)
        }
      })
    }
    return ready
  }

  async function call<T>(body: CallBody): Promise<T> {
    await ensureReady()
    const c = child
    if (c === undefined) throw new AppError('unavailable', 'the face engine stopped while starting')
    return (await send(c, body, callTimeoutMs)) as T
  }

  return {
    /** Starts the process if needed; resolves once every model is loaded. */
    info: ensureReady,
    call,
    /** Whether a process is running now (does not start one). */
    running: () => child !== undefined,
    close(): void {
      closed = true
      const c = child
      child = undefined
      ready = undefined
      c?.kill(false)
      failAll(
        new AppError('unavailable', 'the face engine was shut down before the check finished'),
      )
    },
  }
}
