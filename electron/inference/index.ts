/**
 * Entry of the inference process (built to out/main/inference.js). Under Electron it runs as a
 * utilityProcess and talks through process.parentPort; under plain Node it is a forked child and
 * talks through process.send. Either way it exits as soon as its parent is gone, so a killed
 * CLI or app never leaves a process holding the models.
 */
import type { InferenceRequest, InferenceResponse } from '../shared/face/inference-protocol'
import { serveInference, type ParentLink } from './inference-server'

interface ParentPort {
  on(event: 'message', fn: (e: { data: unknown }) => void): void
  on(event: 'close', fn: () => void): void
  postMessage(msg: unknown): void
}

function parentLink(): ParentLink {
  const port = (process as unknown as { parentPort?: ParentPort }).parentPort
  if (port !== undefined) {
    port.on('close', () => process.exit(0))
    return {
      onMessage: (fn) => port.on('message', (e) => fn(e.data as InferenceRequest)),
      send: (msg) => port.postMessage(msg),
    }
  }
  if (process.send === undefined) {
    process.stderr.write('inference: start me with child_process.fork or utilityProcess.fork\n')
    process.exit(2)
  }
  // The IPC channel closes when the parent dies, even by SIGKILL: leave with it.
  process.on('disconnect', () => process.exit(0))
  return {
    onMessage: (fn) => process.on('message', (m) => fn(m as InferenceRequest)),
    send: (msg: InferenceResponse) => {
      if (process.connected) process.send?.(msg)
    },
  }
}

serveInference(parentLink())
