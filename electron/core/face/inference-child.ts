/**
 * How the core starts the inference process. The default forks the built entry under plain Node;
 * Electron main passes its own `SpawnInference` built on utilityProcess (same message shapes).
 */
import { fork } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { AppError } from '../../shared/contract/result'
import type { InferenceRequest, InferenceResponse } from '../../shared/face/inference-protocol'
import { appRoot } from '../paths'

export interface InferenceChild {
  readonly pid: number | undefined
  send(msg: InferenceRequest): void
  onMessage(fn: (msg: InferenceResponse) => void): void
  onExit(fn: (how: string) => void): void
  /** `hard`: SIGKILL, for a child stuck inside native code; otherwise a plain SIGTERM. */
  kill(hard: boolean): void
  /** While idle the child must not keep a CLI alive; while busy it must. */
  setBusy(busy: boolean): void
}

export type SpawnInference = () => InferenceChild

/** The built entry: next to the bundle that is running, or in the build folder (tests, tsx). */
export function inferenceEntry(env: NodeJS.ProcessEnv = process.env): string {
  const here = import.meta.dirname
  const candidates = [
    join(here, 'inference.js'),
    join(here, '..', 'inference.js'),
    join(appRoot(), env.KIOSK_OUT_DIR ?? 'out', 'main', 'inference.js'),
  ]
  const found = candidates.find((c) => existsSync(c))
  if (found === undefined) {
    throw new AppError(
      'unavailable',
      `the inference process is not built (${candidates.at(-1)} is missing); run \`npm run build\``,
    )
  }
  return found
}

export function forkInference(entry?: string): SpawnInference {
  return () => {
    const child = fork(entry ?? inferenceEntry(), [], {
      // v8 structured clone: Uint8Array images and Float32Array embeddings cross without base64.
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    })
    return {
      get pid() {
        return child.pid
      },
      send: (msg) => {
        if (child.connected) child.send(msg)
      },
      onMessage: (fn) => child.on('message', (m) => fn(m as InferenceResponse)),
      onExit: (fn) => {
        child.once('exit', (code, signal) => fn(signal ?? `exit code ${code}`))
        child.once('error', (err) => fn(err.message))
      },
      kill: (hard) => {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill(hard ? 'SIGKILL' : 'SIGTERM')
        }
      },
      setBusy: (busy) => {
        if (busy) {
          child.ref()
          child.channel?.ref()
        } else {
          child.unref()
          child.channel?.unref()
        }
      },
    }
  }
}

/** The part of Electron's UtilityProcess the supervisor needs (typed here: core never imports electron). */
export interface UtilityProcessLike {
  readonly pid: number | undefined
  postMessage(message: unknown): void
  on(event: 'message', fn: (message: unknown) => void): unknown
  on(event: 'exit', fn: (code: number) => void): unknown
  kill(): boolean
}

/**
 * For Electron main: `spawnInference: utilityInference((p) => utilityProcess.fork(p), entry)`.
 * The child talks through process.parentPort (see electron/inference/index.ts).
 */
export function utilityInference(
  fork: (modulePath: string) => UtilityProcessLike,
  entry?: string,
): SpawnInference {
  return () => {
    const child = fork(entry ?? inferenceEntry())
    let exited = false
    return {
      get pid() {
        return child.pid
      },
      send: (msg) => {
        if (!exited) child.postMessage(msg)
      },
      onMessage: (fn) => child.on('message', (m) => fn(m as InferenceResponse)),
      onExit: (fn) =>
        child.on('exit', (code) => {
          exited = true
          fn(`exit code ${code}`)
        }),
      kill: () => {
        if (!exited) child.kill()
      },
      // A utility process lives as long as the app; there is no event loop to release.
      setBusy: () => undefined,
    }
  }
}
