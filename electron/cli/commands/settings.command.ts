/** `kiosk settings get|set`: read and change settings; secrets are write-only. */
import type { Command } from 'commander'
import { isSettingKey, SETTING_KEYS, SETTINGS } from '../../shared/domain/settings.schema'
import { print, table, usageError, type GlobalOptions } from '../output'
import { call, withCore } from '../with-core'

export function registerSettingsCommands(program: Command, globals: () => GlobalOptions): void {
  const settings = program.command('settings').description('read and change kiosk settings')

  settings
    .command('get')
    .description('show all settings, or one')
    .argument('[key]', `one of: ${SETTING_KEYS.join(', ')}`)
    .action(async (key: string | undefined) => {
      const opts = globals()
      if (key !== undefined && !isSettingKey(key)) {
        throw usageError(`unknown setting "${key}"; known settings: ${SETTING_KEYS.join(', ')}`)
      }
      const view = await withCore(opts, (core) => call(core, 'settings:get', {}))
      if (key !== undefined) {
        const value = view.values[key]
        print(opts, { key, value }, () => String(value))
        return
      }
      print(opts, view, () =>
        [
          table(
            ['SETTING', 'VALUE', 'MEANING'],
            SETTING_KEYS.map((k) => [k, JSON.stringify(view.values[k]), SETTINGS[k].description]),
            70,
          ),
          ...view.problems.map((p) => `! ${p}`),
        ].join('\n'),
      )
    })

  settings
    .command('set')
    .description('change one setting (validated; the API key is stored encrypted)')
    .argument('<key>')
    .argument('<value>')
    .action(async (key: string, value: string) => {
      const opts = globals()
      const view = await withCore(opts, (core) => call(core, 'settings:set', { key, value }))
      const shown = isSettingKey(key) ? view.values[key] : value
      print(opts, { key, value: shown, problems: view.problems }, () =>
        [`${key} = ${JSON.stringify(shown)}`, ...view.problems.map((p) => `! ${p}`)].join('\n'),
      )
    })
}
