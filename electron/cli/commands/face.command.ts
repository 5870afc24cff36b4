/** `kiosk face detect|match|liveness|check`: the local face engine on image files. */
import { basename } from 'node:path'
import type { Command } from 'commander'
import type { DetectedFace } from '../../shared/face/face.types'
import { assessLiveness } from '../../shared/face/liveness.policy'
import { FACE_MATCH_CALIBRATION } from '../../shared/face/match.policy'
import { assessQuality } from '../../shared/face/quality.policy'
import { readInputFile } from '../input-file'
import { print, type GlobalOptions } from '../output'
import { withCore } from '../with-core'

export function registerFaceCommands(program: Command, globals: () => GlobalOptions): void {
  const face = program
    .command('face')
    .description('run the local face engine on image files (detect, match, liveness, check)')

  face
    .command('detect <image>')
    .description('find every face: box, score and 5 landmarks, largest first')
    .action(async (file: string) => {
      const opts = globals()
      const image = await readInputFile(file)
      const r = await withCore(opts, (core) => core.face.detect(image))
      print(opts, r, () =>
        [
          `${r.faces.length === 0 ? 'No face' : plural(r.faces.length, 'face')} in ${basename(file)} (${r.image.width}×${r.image.height})${r.faces.length > 1 ? ', largest first' : ''}`,
          ...r.faces.map((f, i) => `  ${i + 1}. ${describeFace(f)}`),
        ].join('\n'),
      )
    })

  face
    .command('match <a> <b>')
    .description('are the largest faces in two images the same person? (cosine similarity)')
    .action(async (fileA: string, fileB: string) => {
      const opts = globals()
      const [a, b] = await Promise.all([readInputFile(fileA), readInputFile(fileB)])
      const r = await withCore(opts, (core) => core.face.match(a, b))
      const operatingPoint =
        r.threshold === FACE_MATCH_CALIBRATION.threshold
          ? {
              targetFmr: FACE_MATCH_CALIBRATION.targetFmr,
              empiricalFmr: FACE_MATCH_CALIBRATION.empiricalFmr,
              empiricalFnmr: FACE_MATCH_CALIBRATION.empiricalFnmr,
              source: FACE_MATCH_CALIBRATION.source,
            }
          : { source: 'thresholds.faceMatch set by staff (not the calibrated default)' }
      const names = { a: basename(fileA), b: basename(fileB) }
      print(opts, { ...r, operatingPoint }, () => {
        if (r.similarity === null) {
          return `No face found in ${r.missing.map((m) => names[m]).join(' and ')}: nothing to compare.`
        }
        const verdict = r.identical
          ? 'Copies of the same photo (FACE_IDENTICAL)'
          : r.match
            ? 'Same person'
            : 'Different people'
        const cmp = r.match ? '≥' : '<'
        return [
          `${verdict}: similarity ${r.similarity.toFixed(3)} ${cmp} threshold ${r.threshold}`,
          `  operating point: ${operatingPoint.source}` +
            ('targetFmr' in operatingPoint
              ? ` (FMR target ${operatingPoint.targetFmr}; measured FMR ${operatingPoint.empiricalFmr}, FNMR ${operatingPoint.empiricalFnmr})`
              : ''),
        ].join('\n')
      })
    })

  face
    .command('liveness <image>')
    .description('passive liveness (MiniFASNet V2 + V1SE) of the largest face')
    .action(async (file: string) => {
      const opts = globals()
      const image = await readInputFile(file)
      const r = await withCore(opts, (core) => core.face.liveness(image))
      const models =
        r.scores === null ? null : { v2: round3(r.scores.v2[1]), v1se: round3(r.scores.v1se[1]) }
      print(
        opts,
        { score: r.score, live: r.live, threshold: r.threshold, models, face: r.face },
        () => {
          if (r.score === null) return `No face in ${basename(file)}: liveness not checked.`
          const why = assessLiveness(r.scores, r.threshold)
          return r.live
            ? `Live: probability ${r.score.toFixed(3)} ≥ ${r.threshold}`
            : `Not live: ${why.reason ?? `probability ${r.score.toFixed(3)} < ${r.threshold}`}`
        },
      )
    })

  face
    .command('check <image>')
    .description('the full selfie check: quality gate (with advice), liveness, timings')
    .action(async (file: string) => {
      const opts = globals()
      const image = await readInputFile(file)
      const { a, info, threshold } = await withCore(opts, async (core) => ({
        a: await core.face.analyse(image),
        info: await core.face.info(),
        threshold: core.settings.read()['thresholds.liveness'],
      }))
      const quality = assessQuality(a.metrics)
      const liveness = assessLiveness(a.liveness, threshold)
      const { embedding: _embedding, ...shown } = a
      const value = {
        ...shown,
        quality: { decision: quality.decision, label: quality.label, issues: quality.issues },
        liveness: { ...liveness, scores: a.liveness },
        provider: info.provider,
      }
      print(opts, value, () =>
        [
          `${basename(file)} (${a.image.width}×${a.image.height}): ${a.faces.length === 0 ? 'no face' : plural(a.faces.length, 'face')}`,
          quality.passed
            ? 'Quality    passed'
            : `Quality    refused:\n${quality.issues.map((i) => `  ✗ ${i.advice}${i.value === undefined ? '' : ` (${i.value}, limit ${i.limit})`}`).join('\n')}`,
          liveness.score === null
            ? 'Liveness   not checked (no face)'
            : `Liveness   ${liveness.live ? 'live' : 'NOT live'}: ${liveness.score.toFixed(3)} (threshold ${threshold})`,
          `Timings    ${Object.entries(a.timingsMs)
            .map(([k, v]) => `${k} ${v} ms`)
            .join(', ')} on ${info.provider}`,
        ].join('\n'),
      )
    })
}

function describeFace(f: DetectedFace): string {
  const b = f.box
  const [re, le] = f.landmarks
  const eyes =
    re && le
      ? `, eyes at (${Math.round(re.x)},${Math.round(re.y)}) (${Math.round(le.x)},${Math.round(le.y)})`
      : ''
  return `box ${Math.round(b.x)},${Math.round(b.y)} ${Math.round(b.width)}×${Math.round(b.height)}, score ${f.score.toFixed(2)}${eyes}`
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`
const round3 = (v: number) => Math.round(v * 1000) / 1000
