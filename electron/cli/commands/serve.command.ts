/** `kiosk serve`: the browser host — the same core and contract over loopback HTTP/WebSocket. */
import type { Command } from 'commander'
import { startBrowserHost } from '../../host/browser-host'
import { openCore } from '../../core/core'
import { rendererDir } from '../../core/paths'
import { usageError, type GlobalOptions } from '../output'

export function registerServeCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('serve')
    .description('serve the kiosk UI to a local browser (loopback only, random token per start)')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .action(async (flags: { port: string }) => {
      const opts = globals()
      const port = Number(flags.port)
      if (!Number.isInteger(port) || port < 0 || port > 65535) {
        throw usageError('--port is a number from 0 to 65535')
      }
      const core = openCore({ dataDir: opts.dataDir })
      const host = await startBrowserHost({ core, port, staticDir: rendererDir() })
      const stop = async () => {
        await host.close()
        core.close()
        process.exit(0)
      }
      process.once('SIGINT', () => void stop())
      process.once('SIGTERM', () => void stop())
      if (opts.json) {
        process.stdout.write(
          JSON.stringify({ url: host.url, port: host.port, dataDir: opts.dataDir }) + '\n',
        )
      } else {
        process.stdout.write(
          `Kiosk browser host on ${host.url}\nOpen that address in a browser on this machine. Ctrl+C stops it.\n`,
        )
      }
      await new Promise<never>(() => {})
    })
}
