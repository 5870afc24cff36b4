/**
 * An eSCL (AirScan/Mopria) scanner on 127.0.0.1 speaking the real endpoints: ScannerCapabilities,
 * ScannerStatus, POST ScanJobs (201 + Location), GET {job}/NextDocument (503 while "scanning",
 * then the page, then 404), DELETE {job}. Its platen holds one document image, placed 10 mm from
 * the corner of a 150 × 110 mm white bed (the size of desktop ID/passport scanners) and rendered
 * at the requested resolution and colour mode, so every scan is a real JPEG or PNG of a document.
 */
import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'

export interface EsclEmulatorOptions {
  /** The document lying on the platen (any image sharp reads). */
  document: Buffer
  /** Its physical width in mm (a passport data page is 125 mm). */
  documentWidthMm?: number
  /** NextDocument answers 503 this many times before the page is ready. */
  scanningPolls?: number
}

export type EsclFault = 'none' | 'busy' | 'jam'

export interface EsclEmulator {
  url: string
  /** Every request seen, "METHOD path". */
  requests: string[]
  /** Jobs cancelled with DELETE. */
  cancelled: string[]
  /** The last ScanSettings document posted. */
  lastSettings: string | null
  setFault(f: EsclFault): void
  setScanningPolls(n: number): void
  close(): Promise<void>
}

const BED_MM = { width: 150, height: 110 }
const MM_PER_INCH = 25.4

const capabilities = `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>Kiosk Test eSCL Scanner</pwg:MakeAndModel>
  <pwg:SerialNumber>EMU-0001</pwg:SerialNumber>
  <scan:UUID>4509a320-00a0-008f-00b6-002507510eca</scan:UUID>
  <scan:Platen>
    <scan:PlatenInputCaps>
      <scan:MinWidth>16</scan:MinWidth>
      <scan:MaxWidth>${Math.round((BED_MM.width / MM_PER_INCH) * 300)}</scan:MaxWidth>
      <scan:MinHeight>16</scan:MinHeight>
      <scan:MaxHeight>${Math.round((BED_MM.height / MM_PER_INCH) * 300)}</scan:MaxHeight>
      <scan:SettingProfiles>
        <scan:SettingProfile>
          <scan:ColorModes>
            <scan:ColorMode>RGB24</scan:ColorMode>
            <scan:ColorMode>Grayscale8</scan:ColorMode>
          </scan:ColorModes>
          <scan:DocumentFormats>
            <pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat>
            <pwg:DocumentFormat>image/png</pwg:DocumentFormat>
          </scan:DocumentFormats>
          <scan:SupportedResolutions>
            <scan:DiscreteResolutions>
              ${[150, 200, 300, 600]
                .map(
                  (r) =>
                    `<scan:DiscreteResolution><scan:XResolution>${r}</scan:XResolution><scan:YResolution>${r}</scan:YResolution></scan:DiscreteResolution>`,
                )
                .join('\n              ')}
            </scan:DiscreteResolutions>
          </scan:SupportedResolutions>
        </scan:SettingProfile>
      </scan:SettingProfiles>
    </scan:PlatenInputCaps>
  </scan:Platen>
</scan:ScannerCapabilities>
`

function status(state: string, adf: string | null): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerStatus xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm">
  <pwg:Version>2.63</pwg:Version>
  <pwg:State>${state}</pwg:State>${adf === null ? '' : `\n  <scan:AdfState>${adf}</scan:AdfState>`}
</scan:ScannerStatus>
`
}

const field = (xml: string, local: string): string | null =>
  new RegExp(`<(?:[\\w-]+:)?${local}>([^<]*)</`).exec(xml)?.[1]?.trim() ?? null

interface Job {
  dpi: number
  gray: boolean
  format: 'image/jpeg' | 'image/png'
  polls: number
  delivered: boolean
}

async function render(o: EsclEmulatorOptions, job: Job): Promise<Buffer> {
  const pxPerMm = job.dpi / MM_PER_INCH
  const bedW = Math.round(BED_MM.width * pxPerMm)
  const bedH = Math.round(BED_MM.height * pxPerMm)
  const docW = Math.round((o.documentWidthMm ?? 125) * pxPerMm)
  const doc = await sharp(o.document).resize({ width: docW }).toBuffer()
  const offset = Math.round(10 * pxPerMm)
  let img = sharp({
    create: { width: bedW, height: bedH, channels: 3, background: { r: 250, g: 250, b: 248 } },
  }).composite([{ input: doc, left: offset, top: offset }])
  if (job.gray) img = sharp(await img.png().toBuffer()).grayscale()
  return job.format === 'image/png' ? img.png().toBuffer() : img.jpeg({ quality: 90 }).toBuffer()
}

export async function startEsclEmulator(o: EsclEmulatorOptions): Promise<EsclEmulator> {
  const jobs = new Map<string, Job>()
  let fault: EsclFault = 'none'
  let scanningPolls = o.scanningPolls ?? 2
  const emu: Omit<EsclEmulator, 'url' | 'close' | 'setFault' | 'setScanningPolls'> = {
    requests: [],
    cancelled: [],
    lastSettings: null,
  }

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void handle(req, res, Buffer.concat(chunks).toString()).catch((err: Error) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(err.message)
      })
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/'
    emu.requests.push(`${req.method} ${path}`)
    const xml = (code: number, text: string): void =>
      void res.writeHead(code, { 'content-type': 'text/xml' }).end(text)
    if (req.method === 'GET' && path === '/eSCL/ScannerCapabilities') return xml(200, capabilities)
    if (req.method === 'GET' && path === '/eSCL/ScannerStatus') {
      const busy = fault === 'busy' || [...jobs.values()].some((j) => !j.delivered)
      return xml(
        200,
        status(
          fault === 'jam' ? 'Stopped' : busy ? 'Processing' : 'Idle',
          fault === 'jam' ? 'ScannerAdfJam' : null,
        ),
      )
    }
    if (req.method === 'POST' && path === '/eSCL/ScanJobs') {
      emu.lastSettings = body
      if (fault === 'busy') return void res.writeHead(503).end()
      const dpi = Number(field(body, 'XResolution') ?? 300)
      const mode = field(body, 'ColorMode') ?? 'RGB24'
      const format =
        (field(body, 'DocumentFormatExt') ?? field(body, 'DocumentFormat')) === 'image/png'
          ? 'image/png'
          : 'image/jpeg'
      if (![150, 200, 300, 600].includes(dpi) || !['RGB24', 'Grayscale8'].includes(mode)) {
        return void res.writeHead(409).end()
      }
      const id = randomUUID()
      jobs.set(id, {
        dpi,
        gray: mode === 'Grayscale8',
        format,
        polls: scanningPolls,
        delivered: false,
      })
      const { port } = server.address() as AddressInfo
      res.writeHead(201, { location: `http://127.0.0.1:${port}/eSCL/ScanJobs/${id}` }).end()
      return
    }
    const m = /^\/eSCL\/ScanJobs\/([0-9a-f-]+)(\/NextDocument)?$/.exec(path)
    const job = m === null ? undefined : jobs.get(m[1] ?? '')
    if (m !== null && job !== undefined) {
      if (req.method === 'DELETE' && m[2] === undefined) {
        emu.cancelled.push(m[1] ?? '')
        jobs.delete(m[1] ?? '')
        return void res.writeHead(200).end()
      }
      if (req.method === 'GET' && m[2] !== undefined) {
        if (fault === 'jam' || job.delivered) return void res.writeHead(404).end()
        if (job.polls > 0) {
          job.polls--
          return void res.writeHead(503, { 'retry-after': '1' }).end()
        }
        const page = await render(o, job)
        job.delivered = true
        res.writeHead(200, { 'content-type': job.format, 'content-length': page.length }).end(page)
        return
      }
    }
    res.writeHead(404).end()
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return Object.assign(emu, {
    url: `http://127.0.0.1:${port}/eSCL`,
    setFault: (f: EsclFault) => void (fault = f),
    setScanningPolls: (n: number) => void (scanningPolls = n),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  })
}
