/** `kiosk scanners list|caps` and `kiosk scan`: the document scanners this machine can reach. */
import { rename, rm, writeFile } from 'node:fs/promises'
import { extname, join, resolve } from 'node:path'
import type { Command } from 'commander'
import sharp from 'sharp'
import { AppError } from '../../shared/contract/result'
import { appRoot } from '../../core/paths'
import { createScannerService } from '../../core/scanners/scanner.service'
import { SCAN_MODES, type ScanMode } from '../../core/scanners/scanner-driver'
import { print, table, numberOption, usageError, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'
import { describe } from './document.command'

interface Where {
  escl?: string[]
  folder?: string[]
}

const OUT_FORMATS = new Map<string, 'png' | 'jpeg' | 'tiff'>([
  ['.png', 'png'],
  ['.jpg', 'jpeg'],
  ['.jpeg', 'jpeg'],
  ['.tif', 'tiff'],
  ['.tiff', 'tiff'],
])

/** Configured scanners (settings) plus any named on the command line. */
async function scanners(opts: GlobalOptions, where: Where, timeoutMs?: number) {
  const s = await withCore(opts, (core) => Promise.resolve(core.settings.read()))
  const fromSettings = s['scanner.esclUrls'].split(/[\s,]+/).filter((u) => u !== '')
  const folder = s['scanner.watchFolder'].trim()
  return createScannerService({
    esclUrls: [...fromSettings, ...(where.escl ?? [])],
    watchFolders: [...(folder === '' ? [] : [folder]), ...(where.folder ?? [])],
    resourcesDir: join(appRoot(), 'resources'),
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
  })
}

export function registerScannerCommands(program: Command, globals: () => GlobalOptions): void {
  const group = program
    .command('scanners')
    .description('document scanners: list them, show what they can do')
  group
    .command('list')
    .description(
      'every scanner found: SANE devices, eSCL addresses, WIA (Windows), watched folders',
    )
    .option('--escl <url...>', 'also probe these eSCL scanners (e.g. http://192.168.1.20/eSCL)')
    .option('--folder <dir...>', 'also list these watched folders')
    .action(async (where: Where) => {
      const opts = globals()
      const r = await (await scanners(opts, where)).list()
      print(opts, r, () =>
        [
          r.devices.length === 0
            ? 'No scanners found.'
            : table(
                ['DEVICE', 'DRIVER', 'NAME'],
                r.devices.map((d) => [d.id, d.driver, d.name]),
                60,
              ),
          ...r.problems.map((p) => `${p.driver}: ${p.message}`),
        ].join('\n'),
      )
    })
  group
    .command('caps <device>')
    .description("a scanner's resolutions, colour modes and sources")
    .action(async (device: string) => {
      const opts = globals()
      const caps = await (await scanners(opts, {})).capabilities(device)
      print(opts, caps, () =>
        [
          `${device}`,
          `  resolutions: ${caps.resolutions.join(', ') || 'set by the device'} dpi`,
          `  modes: ${caps.modes.join(', ') || 'set by the device'}`,
          `  sources: ${caps.sources.join(', ') || 'default'}`,
          ...(caps.maxWidthMm === null
            ? []
            : [`  area: ${caps.maxWidthMm} × ${caps.maxHeightMm ?? '?'} mm`]),
        ].join('\n'),
      )
    })

  program
    .command('scan')
    .description('scan one side of a document into a file (and optionally check it)')
    .requiredOption('--device <id>', 'a device from `kiosk scanners list`')
    .requiredOption('--out <file>', 'where to write the image (.png, .jpg or .tif)')
    .option('--dpi <n>', 'resolution in dpi', '300')
    .option('--mode <mode>', 'color or gray', 'color')
    .option('--source <name>', 'input source, e.g. Flatbed, ADF, Platen, Feeder')
    .option('--option <name=value...>', 'backend option passed to SANE as --name=value')
    .option(
      '--timeout <sec>',
      'give up after this many seconds (a watched folder waits this long for a file)',
      '120',
    )
    .option('--check', 'run the document checks on the scan and print them too', false)
    .action(async (flags: ScanFlags) => {
      const opts = globals()
      const req = parseScanFlags(flags)
      const service = await scanners(opts, {}, req.timeoutMs)
      const abort = new AbortController()
      const onSigint = () => abort.abort()
      process.once('SIGINT', onSigint)
      let result
      try {
        result = await service.scan(flags.device, { ...req.scan, signal: abort.signal })
      } finally {
        process.off('SIGINT', onSigint)
      }
      const image = await sharp(result.bytes)
        .toFormat(req.format)
        .toBuffer({ resolveWithObject: true })
      // Written next to the target and renamed: a failed or interrupted write leaves no half file.
      const tmp = `${req.out}.part-${process.pid}`
      try {
        await writeFile(tmp, image.data)
        await rename(tmp, req.out)
      } catch (err) {
        await rm(tmp, { force: true })
        throw new AppError(
          'invalid_input',
          `cannot write ${req.out} (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
        )
      }
      const summary = {
        device: flags.device,
        file: req.out,
        bytes: image.data.length,
        width: image.info.width,
        height: image.info.height,
        dpi: result.dpi,
        mode: result.mode,
        ...(result.source === undefined ? {} : { importedFrom: result.source }),
      }
      const checks = flags.check
        ? await withCore(opts, (core) =>
            call(core, 'documents:read', { front: new Uint8Array(image.data) }),
          )
        : undefined
      print(opts, checks === undefined ? summary : { ...summary, checks }, () =>
        [
          `Scanned ${summary.width}×${summary.height} px at ${summary.dpi} dpi (${summary.mode}) from ${summary.device} into ${summary.file}`,
          ...(checks === undefined ? [] : ['', describe(checks)]),
        ].join('\n'),
      )
    })
}

interface ScanFlags {
  device: string
  out: string
  dpi: string
  mode: string
  source?: string
  option?: string[]
  timeout: string
  check: boolean
}

function parseScanFlags(f: ScanFlags) {
  const dpi = numberOption(f.dpi, '--dpi', { min: 50, max: 1200 })
  if (!SCAN_MODES.includes(f.mode as ScanMode)) {
    throw usageError(`--mode must be color or gray (got ${f.mode})`)
  }
  const timeout = numberOption(f.timeout, '--timeout', { min: 1, max: 3600, whole: false })
  const out = resolve(f.out)
  const format = OUT_FORMATS.get(extname(out).toLowerCase())
  if (format === undefined) throw usageError(`--out must end in .png, .jpg or .tif (got ${f.out})`)
  const options: Record<string, string> = {}
  for (const pair of f.option ?? []) {
    const at = pair.indexOf('=')
    if (at <= 0) throw usageError(`--option expects name=value, got "${pair}"`)
    options[pair.slice(0, at).replace(/^-+/, '')] = pair.slice(at + 1)
  }
  return {
    out,
    format,
    timeoutMs: timeout * 1000,
    scan: {
      dpi,
      mode: f.mode as ScanMode,
      ...(f.source === undefined ? {} : { source: f.source }),
      options,
    },
  }
}
