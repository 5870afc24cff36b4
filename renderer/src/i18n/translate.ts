/** Message lookup with placeholders and plural forms; pure, so it is unit-tested. */
import { MESSAGES, type Language, type MessageKey } from './messages'

/**
 * Plural forms: with a numeric `n`, `key.<category>` (Intl.PluralRules: one, two, few …) is used
 * when that key exists, else `key` itself.
 */
export function translate(
  lang: Language,
  key: MessageKey,
  vars?: Record<string, string | number>,
): string {
  const table = MESSAGES[lang] as Record<string, string>
  const n = vars?.n
  const plural =
    typeof n === 'number' ? table[`${key}.${new Intl.PluralRules(lang).select(n)}`] : undefined
  const text = plural ?? table[key] ?? key
  return text.replace(/\{(\w+)\}/g, (_m, name: string) => String(vars?.[name] ?? `{${name}}`))
}
