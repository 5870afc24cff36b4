/** `kiosk serve`: the browser host — the same core and contract over loopback HTTP/WebSocket. */
import type { Command } from 'commander'
import { startBrowserHost } from '../../host/browser-host'
import { startBackgroundWork } from '../../core/background'
import { openCore } from '../../core/core'
import { rendererDir } from '../../core/paths'
import { rendererAssets } from '../../core/ui/renderer-assets'
import { usageError, type GlobalOptions } from '../output'

export function registerServeCommand(program: Command, globals: () => GlobalOptions): void {
  program
    .command('serve')
    .description('serve the kiosk UI to a local browser (loopback only, random token per start)')
    .option('--port <n>', 'port on 127.0.0.1 (0 = any free port)', '0')
    .option('--no-sync', 'do not sync in the background (leave it to `kiosk sync`)')
    .action(async (flags: { port: string; sync: boolean }) => {
      const opts = globals()
      const port = Number(flags.port)
      // Number('') is 0: `--port ""` must not quietly mean "any free port".
      if (flags.port.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65535) {
        throw usageError('--port is a number from 0 to 65535')
      }
      const core = openCore({ dataDir: opts.dataDir })
      const assets = rendererAssets(core.modelsDir)
      const host = await startBrowserHost({
        core,
        port,
        staticDir: rendererDir(),
        mounts: assets.dirs,
        files: assets.files,
      })
      const stopBackground = startBackgroundWork(core, { sync: flags.sync })
      const stop = async () => {
        await host.close()
        await stopBackground()
        await core.sync.close()
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
        // Without the face-tracking model the capture screens cannot guide anyone: say so now.
        for (const p of assets.problems) process.stderr.write(`warning: live face tracking: ${p}\n`)
      }
      await new Promise<never>(() => {})
    })
}
