/** `kiosk sandbox` as an operator runs it: what it prints, TLS options, refusals. */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { sandboxAdmin } from '../../../electron/sandbox/sandbox-admin.client'
import { kiosk, startKiosk } from '../../support/cli'
import { tempDir } from '../../support/temp'

const root = tempDir('kiosk-sandbox-cli-')

describe('kiosk sandbox', () => {
  it('serves HTTPS with a given certificate and key (--cert/--key), reusing one made by --tls', async () => {
    const first = await startKiosk<{ certFile: string }>(['sandbox', '--tls'], {
      dataDir: join(root, 'a'),
    })
    await first.stop()
    const cert = first.info.certFile
    const key = join(root, 'a', 'sandbox', 'sandbox-key.pem')
    const sb = await startKiosk<{
      url: string
      origin: string
      partnerId: string
      apiKey: string
      certFile: string
    }>(['sandbox', '--cert', cert, '--key', key, '--partner-id', '12', '--api-key', 'cli-key'], {
      dataDir: join(root, 'b'),
    })
    try {
      expect(sb.info.url).toMatch(/^https:\/\//)
      expect(sb.info.certFile).toBe(cert)
      const admin = sandboxAdmin(
        sb.info.origin,
        { partnerId: '12', apiKey: 'cli-key' },
        readFileSync(cert, 'utf8'),
      )
      expect(await admin.jobs()).toEqual([])
      expect(await admin.faults({ latencyMs: 5 })).toMatchObject({
        latencyMs: 5,
        processingMs: 1000,
      })
      await admin.close()
    } finally {
      await sb.stop()
    }
  })

  it.each([
    [['sandbox', '--cert', '/nonexistent.pem'], '--cert and --key go together'],
    [
      ['sandbox', '--cert', '/nonexistent.pem', '--key', '/nonexistent.key'],
      'cannot use the certificate /nonexistent.pem',
    ],
    [['sandbox', '--port', 'eighty'], '--port is a whole number from 0 to 65535'],
    [['sandbox', '--drop-rate', '-1'], '--drop-rate is a number from 0 to 1'],
    [['sandbox', '--upload-ttl', '0'], '--upload-ttl is a whole number from 1 to 604800'],
  ])('%j → exit 2, one line: %s', (args, message) => {
    const r = kiosk(args, { dataDir: join(root, 'bad') })
    expect(r.code).toBe(2)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toContain(message)
  })
})
