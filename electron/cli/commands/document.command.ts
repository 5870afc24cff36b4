/** `kiosk document check`: every document image check and the MRZ, on image files. */
import type { Command } from 'commander'
import type { DocumentReport } from '../../shared/documents/document-report'
import { readInputFile } from '../input-file'
import { print, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

export function registerDocumentCommands(program: Command, globals: () => GlobalOptions): void {
  const document = program
    .command('document')
    .description('check identity document images: quality, integrity, MRZ, portrait')

  document
    .command('check <front>')
    .description('check a document front (and back), read and validate its MRZ, compare a selfie')
    .option('--back <file>', 'the back of an ID card (TD1 cards carry their MRZ there)')
    .option('--selfie <file>', 'a selfie to compare with the document portrait')
    .action(async (front: string, flags: { back?: string; selfie?: string }) => {
      const opts = globals()
      const input = {
        front: await readInputFile(front, 'front'),
        ...(flags.back === undefined ? {} : { back: await readInputFile(flags.back, 'back') }),
        ...(flags.selfie === undefined
          ? {}
          : { selfie: await readInputFile(flags.selfie, 'selfie') }),
      }
      const report = await withCore(opts, (core) => call(core, 'documents:read', input))
      print(opts, report, () => describe(report))
    })
}

/** The report for a person at a terminal: verdict first, then why, then what was read. */
export function describe(r: DocumentReport): string {
  const out: string[] = [`Decision: ${r.decision.type} (${r.decision.details.label})`]
  if (r.warnings.length === 0) {
    out.push('Warnings: none')
  } else {
    out.push('Warnings:')
    for (const w of r.warnings) {
      out.push(
        `  ${w.severity.padEnd(6)} ${w.code.padEnd(26)} ${(w.side ?? '').padEnd(5)} ${w.confidence.toFixed(2)}  ${w.description}`,
      )
    }
  }
  const m = r.mrz
  if (!m.found) {
    out.push(`MRZ: not found${m.problems.length > 0 ? ` (${m.problems.join('; ')})` : ''}`)
  } else {
    out.push(
      `MRZ: ${m.format ?? '?'} on the ${m.side ?? '?'}, ${m.valid ? 'valid' : 'NOT valid'}${m.confidence === null ? '' : `, OCR confidence ${m.confidence.toFixed(2)}`}`,
    )
    for (const l of m.lines) out.push(`  ${l}`)
    const f = m.fields
    if (f !== null) {
      out.push(
        `  ${f.surname ?? '?'}, ${f.givenNames ?? '?'} · document ${f.documentNumber ?? '?'} (${f.documentCode ?? '?'}, ${f.issuingState ?? '?'}) · nationality ${f.nationality ?? '?'}`,
      )
      out.push(
        `  born ${f.birthDate ?? '?'} · sex ${f.sex ?? '?'} · expires ${f.expiryDate ?? '?'}${f.personalNumber ? ` · personal no. ${f.personalNumber}` : ''}`,
      )
    }
    if (m.checks.length > 0) {
      out.push(
        `  check digits: ${m.checks.map((c) => `${c.field} ${c.ok ? 'ok' : 'FAILED'}`).join(', ')}`,
      )
    }
    for (const rep of m.repairs) {
      out.push(
        `  repaired line ${rep.line + 1} column ${rep.column + 1}: ${rep.from} → ${rep.to} (${rep.reason})`,
      )
    }
    for (const p of m.problems) out.push(`  note: ${p}`)
  }
  const face = r.face
  if (face.status !== 'done') {
    out.push(`Face: not checked (${face.label ?? ''}: ${face.reason ?? ''})`)
  } else {
    const match =
      face.matchScore === null
        ? ''
        : `; selfie similarity ${face.matchScore.toFixed(2)} (threshold ${face.threshold ?? '?'}): ${face.match === true ? 'same person' : 'different person'}`
    out.push(`Face: portrait ${face.portraitFound === true ? 'found' : 'NOT found'}${match}`)
  }
  const failed = r.steps.filter((s) => s.status === 'failed')
  for (const s of failed) out.push(`Step ${s.step} failed: ${s.reason ?? ''}`)
  out.push(
    `Time: images ${r.timings.imageMs} ms, MRZ ${r.timings.ocrMs} ms, face ${r.timings.faceMs} ms`,
  )
  return out.join('\n')
}
