/**
 * The document checks' place in the core: one OCR worker (started on first use, ~0.2 s, then
 * reused), the checks service, and the job's local-checks part. Closed by core.close().
 */
import type { Logger } from '../log'
import { createDocumentChecks, type DocumentFaceEngine } from './document-checks.service'
import { documentLocalChecks } from './document-local-checks'
import { createMrzOcr } from './mrz-ocr'

export function createDocumentServices(d: {
  face?: DocumentFaceEngine
  clock: () => Date
  log?: Logger
}) {
  const ocr = createMrzOcr()
  const checks = createDocumentChecks({
    ocr,
    clock: d.clock,
    ...(d.face === undefined ? {} : { face: d.face }),
    ...(d.log === undefined ? {} : { log: d.log }),
  })
  return {
    check: checks.check,
    /** The job's document part; compose it with the face part via withDocumentChecks. */
    localChecks: documentLocalChecks(checks),
    close: (): Promise<void> => ocr.close(),
  }
}

export type DocumentServices = ReturnType<typeof createDocumentServices>
