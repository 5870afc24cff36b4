/**
 * The inference process's message loop: one request at a time (onnxruntime sessions are not run
 * concurrently on a 2-core kiosk; a queue keeps latency predictable), every failure answered as an
 * error envelope so one bad image never takes the process down.
 */
import { AppError, type ErrorCode, errorText } from '../shared/contract/result'
import type { EngineInfo } from '../shared/face/face.types'
import type {
  InferenceRequest,
  InferenceResponse,
  InitParams,
} from '../shared/face/inference-protocol'
import { createFacePipeline, type FacePipeline } from './face-pipeline'
import { loadSessions } from './model-sessions'

export interface ParentLink {
  onMessage(fn: (msg: InferenceRequest) => void): void
  send(msg: InferenceResponse): void
}

export function serveInference(link: ParentLink): void {
  let pipeline: FacePipeline | undefined
  let queue: Promise<void> = Promise.resolve()

  async function init(params: InitParams): Promise<EngineInfo> {
    const { sessions, info } = await loadSessions({
      modelsDir: params.modelsDir,
      provider: params.provider,
      ...(params.threads === undefined ? {} : { threads: params.threads }),
    })
    pipeline = createFacePipeline(sessions, {
      ...(params.detectMaxSide === undefined ? {} : { detectMaxSide: params.detectMaxSide }),
    })
    const warmupMs = await pipeline.warmUp()
    return { ...info, warmupMs, pid: process.pid }
  }

  async function handle(req: InferenceRequest): Promise<unknown> {
    if (req.op === 'init') return init(req.params)
    if (pipeline === undefined) throw new AppError('unavailable', 'the face models are not loaded')
    switch (req.op) {
      case 'detect':
        return pipeline.detect(req.image)
      case 'analyse':
        return pipeline.analyse(req.image, { liveness: req.liveness })
    }
  }

  link.onMessage((req) => {
    queue = queue.then(async () => {
      try {
        link.send({ id: req.id, ok: true, value: await handle(req) })
      } catch (err) {
        link.send({ id: req.id, ok: false, error: toError(err) })
      }
    })
  })
}

function toError(err: unknown): { code: ErrorCode; message: string } {
  if (err instanceof AppError) return err.toShape()
  const message = errorText(err).split('\n')[0] ?? 'unknown'
  return { code: 'internal', message: `face engine: ${message}` }
}
