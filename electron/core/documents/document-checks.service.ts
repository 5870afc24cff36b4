/**
 * Checks an identity document's images: image quality and integrity on each side, the MRZ
 * (read, repaired only where a check digit confirms it, validated), and the portrait against the
 * face engine. Every step that could not run says why (TECHNICAL_ERROR / PRECONDITION_NOT_FULFILLED)
 * instead of passing silently. Images are never logged; only measures and codes are.
 */
import { AppError, toErrorShape } from '../../shared/contract/result'
import { decide, type CheckStep } from '../../shared/documents/document-decision.policy'
import type { DocumentReport, FaceReport, MrzReport } from '../../shared/documents/document-report'
import {
  warning,
  type DocumentSide,
  type DocumentWarning,
} from '../../shared/documents/document-warnings'
import { imageWarnings, type ImageFeatures } from '../../shared/documents/image-checks.policy'
import { LAYOUTS } from '../../shared/documents/mrz-layout'
import { mrzWarnings, type MrzFields } from '../../shared/documents/mrz.policy'
import type { MatchVerdict } from '../face/face-engine'
import type { DetectResult } from '../../shared/face/face.types'
import sharp from 'sharp'
import type { Logger } from '../log'
import { measureImage, type MeasuredImage } from './image-features'
import type { MrzOcr } from './mrz-ocr'
import { parseMrz } from './mrz-parse'
import { readMrz, readZone, type MrzRead } from './mrz-reader'

/** The part of the face engine the document checks use. */
export interface DocumentFaceEngine {
  detect(image: Uint8Array): Promise<DetectResult>
  match(a: Uint8Array, b: Uint8Array): Promise<MatchVerdict>
}

export interface DocumentChecksDeps {
  ocr: MrzOcr
  /** Absent when the kiosk runs without the face engine: the face part then says so. */
  face?: DocumentFaceEngine
  clock: () => Date
  log?: Logger
}

export interface DocumentInput {
  front?: Uint8Array
  back?: Uint8Array
  selfie?: Uint8Array
  /**
   * `face.match(selfie, front)` when the caller already has it (a job's face part analysed both
   * images): used as is instead of a second pass over both in the inference process.
   */
  frontMatch?: MatchVerdict
}

export function createDocumentChecks(deps: DocumentChecksDeps) {
  async function check(input: DocumentInput): Promise<DocumentReport> {
    if (input.selfie !== undefined) await assertImage(input.selfie, 'selfie')
    const steps: CheckStep[] = []
    const warnings: DocumentWarning[] = []
    const images: DocumentReport['images'] = []
    const measured: Partial<Record<DocumentSide, MeasuredImage>> = {}
    const timings = { imageMs: 0, ocrMs: 0, faceMs: 0 }

    // 1. Image checks per side.
    let t = performance.now()
    for (const side of ['front', 'back'] as const) {
      const bytes = input[side]
      if (bytes === undefined) {
        steps.push({
          step: `${side}_image`,
          status: 'not_run',
          reason: `no ${side} image given`,
          // The front is what every check needs; a missing back is normal for passports.
          ...(side === 'front' ? { missingInput: true } : {}),
        })
        continue
      }
      try {
        const m = await measureImage(bytes, `${side} image`)
        measured[side] = m
        warnings.push(...imageWarnings(m.features, side))
        images.push({ side, ...summary(m.features) })
        steps.push({ step: `${side}_image`, status: 'ok' })
      } catch (err) {
        // An undecodable file is the caller's input error: refused with its reason, not reported.
        if (err instanceof AppError && err.code === 'bad_image') throw err
        steps.push({ step: `${side}_image`, status: 'failed', reason: toErrorShape(err).message })
      }
    }
    timings.imageMs = performance.now() - t

    // 2. MRZ: the side where it was located (back first: ID cards carry it there), else none.
    t = performance.now()
    const mrz = await mrzStep(input, measured, steps)
    timings.ocrMs = performance.now() - t
    if (mrz.report.fields !== null) {
      warnings.push(
        ...mrzWarnings(
          { fields: mrz.report.fields, failedChecks: mrz.failed, confidence: mrz.confidence },
          deps.clock(),
        ),
      )
    }

    // 3. Portrait on the front, and the selfie against it.
    t = performance.now()
    const face = await faceStep(input, measured.front !== undefined, steps, warnings)
    timings.faceMs = performance.now() - t

    const report: DocumentReport = {
      decision: decide(warnings, steps),
      warnings,
      mrz: mrz.report,
      face,
      images,
      steps,
      timings: {
        imageMs: round(timings.imageMs),
        ocrMs: round(timings.ocrMs),
        faceMs: round(timings.faceMs),
      },
      checkedAt: deps.clock().toISOString(),
    }
    deps.log?.info('document checks', {
      decision: `${report.decision.type}/${report.decision.details.label}`,
      warnings: warnings.map((w) => w.code).join(',') || 'none',
      mrz: report.mrz.found ? report.mrz.format : 'none',
      ms: timings,
    })
    return report
  }

  async function mrzStep(
    input: DocumentInput,
    measured: Partial<Record<DocumentSide, MeasuredImage>>,
    steps: CheckStep[],
  ): Promise<{
    report: MrzReport
    failed: string[]
    confidence: Partial<Record<keyof MrzFields, number>>
  }> {
    const none = (why: string): MrzReport => ({
      found: false,
      side: null,
      format: null,
      lines: [],
      fields: null,
      valid: false,
      checks: [],
      repairs: [],
      confidence: null,
      problems: [why],
    })
    const order = (['back', 'front'] as const).filter((s) => measured[s] !== undefined)
    if (order.length === 0) {
      steps.push({ step: 'mrz', status: 'not_run', reason: 'no readable document image' })
      return { report: none('no readable document image'), failed: [], confidence: {} }
    }
    let read: { side: DocumentSide; read: MrzRead } | null = null
    try {
      for (const side of order) {
        const m = measured[side]!
        const given = input[side]!
        const bytes = Buffer.from(given.buffer, given.byteOffset, given.byteLength)
        const r =
          m.zone !== null ? await readZone(bytes, m.zone, deps.ocr) : await readMrz(bytes, deps.ocr)
        if (r !== null) {
          read = { side, read: { rotation: 0, ...r } }
          break
        }
      }
    } catch (err) {
      const e = toErrorShape(err)
      steps.push({ step: 'mrz', status: 'failed', reason: `MRZ reading failed: ${e.message}` })
      return { report: none(`MRZ reading failed: ${e.message}`), failed: [], confidence: {} }
    }
    if (read === null) {
      // Not every identity document has an MRZ; its absence is reported, not treated as a fault.
      steps.push({ step: 'mrz', status: 'ok', reason: 'no MRZ found on the images' })
      return { report: none('no MRZ found on the images'), failed: [], confidence: {} }
    }
    const { side, read: r } = read
    const parsed = parseMrz(r.lines, deps.clock())
    steps.push({ step: 'mrz', status: 'ok' })
    if (parsed === null) {
      return {
        report: {
          ...none('MRZ lines have no TD1/TD2/TD3 shape'),
          found: true,
          side,
          lines: r.lines,
        },
        failed: [],
        confidence: {},
      }
    }
    const confidence: Partial<Record<keyof MrzFields, number>> = {}
    for (const [name, span] of Object.entries(parsed.spans)) {
      if (span === undefined) continue
      const [line, s, e] = span
      const c = r.charConfidence[line]?.slice(s, e) ?? []
      confidence[name as keyof MrzFields] =
        c.length === 0 ? 0 : c.reduce((a, b) => a + b, 0) / c.length
    }
    const checkNames = LAYOUTS[parsed.format].checks.map((c) => c.name)
    const unreadable = r.lines.some((l) => l.includes('?'))
    return {
      report: {
        found: true,
        side,
        format: parsed.format,
        lines: r.lines,
        fields: parsed.fields,
        valid: parsed.failedChecks.length === 0 && !unreadable,
        checks: checkNames.map((field) => ({ field, ok: !parsed.failedChecks.includes(field) })),
        repairs: r.repairs,
        confidence: Math.round(r.confidence * 100) / 100,
        problems: [
          ...parsed.problems,
          ...(unreadable ? ['some characters could not be read (?)'] : []),
        ],
      },
      failed: parsed.failedChecks,
      confidence,
    }
  }

  async function faceStep(
    input: DocumentInput,
    frontOk: boolean,
    steps: CheckStep[],
    warnings: DocumentWarning[],
  ): Promise<FaceReport> {
    const base: FaceReport = {
      status: 'not_executed',
      label: null,
      reason: null,
      portraitFound: null,
      matchScore: null,
      threshold: null,
      match: null,
    }
    if (input.front === undefined || !frontOk) {
      steps.push({
        step: 'portrait',
        status: 'not_run',
        reason: 'no readable front image',
        missingInput: input.front === undefined,
      })
      return { ...base, label: 'PRECONDITION_NOT_FULFILLED', reason: 'no readable front image' }
    }
    if (deps.face === undefined) {
      const reason = 'the face engine is not available in this process'
      steps.push({ step: 'portrait', status: 'failed', reason })
      return { ...base, label: 'TECHNICAL_ERROR', reason }
    }
    // With a selfie, match() finds the portrait too (its side 'b'): one pass over the front image
    // in the inference process instead of a detect and then a match.
    const selfie = input.selfie
    let portraitFound: boolean
    let v: MatchVerdict | undefined
    try {
      if (selfie === undefined) {
        // The engine already applies its detector threshold (YuNet score 0.8).
        portraitFound = (await deps.face.detect(input.front)).faces.length > 0
      } else {
        v = input.frontMatch ?? (await deps.face.match(selfie, input.front))
        portraitFound = v.faces.b !== null
      }
    } catch (err) {
      const what = selfie === undefined ? 'portrait detection' : 'face match'
      const reason = `${what} failed: ${toErrorShape(err).message}`
      steps.push({ step: 'portrait', status: 'failed', reason })
      return { ...base, label: 'TECHNICAL_ERROR', reason }
    }
    steps.push({ step: 'portrait', status: 'ok' })
    if (!portraitFound) warnings.push(warning('DOCUMENT_FACE_NOT_FOUND', { side: 'front' }))
    const done: FaceReport = { ...base, status: 'done', portraitFound }
    if (v === undefined) {
      steps.push({ step: 'face_match', status: 'not_run', reason: 'no selfie given' })
      return done
    }
    if (!portraitFound) {
      steps.push({ step: 'face_match', status: 'not_run', reason: 'no portrait on the document' })
      return done
    }
    steps.push({ step: 'face_match', status: 'ok' })
    if (v.missing.includes('a')) warnings.push(warning('SELFIE_FACE_NOT_FOUND'))
    if (v.similarity !== null && !v.match) {
      warnings.push(
        warning('FACE_MISMATCH', {
          confidence: 1 - Math.max(0, v.similarity),
          args: [v.similarity],
        }),
      )
    }
    if (v.identical) {
      warnings.push(warning('FACE_IDENTICAL', { confidence: 1 }))
    }
    return {
      ...done,
      matchScore: v.similarity === null ? null : Math.round(v.similarity * 1000) / 1000,
      threshold: v.threshold,
      match: v.similarity === null ? null : v.match,
    }
  }

  return { check, close: () => deps.ocr.close() }
}

export type DocumentChecks = ReturnType<typeof createDocumentChecks>

async function assertImage(bytes: Uint8Array, label: string): Promise<void> {
  try {
    const m = await sharp(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)).metadata()
    if ((m.width ?? 0) < 32 || (m.height ?? 0) < 32) {
      throw new Error(`${m.width}×${m.height} is too small`)
    }
  } catch (err) {
    throw new AppError(
      'bad_image',
      `${label}: not a usable image (${(err as Error).message.split('\n')[0]})`,
    )
  }
}

function summary(f: ImageFeatures) {
  return {
    width: f.width,
    height: f.height,
    measures: {
      sharpness: round(f.sharpness),
      contrast: round(f.contrast),
      colourfulness: round(f.colourfulness),
      screenPeak: round(f.screenPeak),
      glareSpots: f.glare.length,
      textLines: f.textLines,
      mrzFound: f.mrzFound,
      editedWith: f.editedWith,
    },
  }
}

const round = (v: number): number => Math.round(v * 10) / 10
