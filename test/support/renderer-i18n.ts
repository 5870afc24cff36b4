/**
 * The renderer's UI text for tests (unit: completeness; e2e: finding buttons by their label in
 * each language). Loaded at run time, not imported: those files belong to the web TypeScript
 * project (DOM types), not the Node one the tests compile in.
 */
export type Lang = 'en' | 'fr' | 'ar'

export interface RendererI18n {
  LANGUAGES: { id: Lang; name: string; dir: 'ltr' | 'rtl' }[]
  MESSAGES: Record<Lang, Record<string, string>>
  translate: (lang: Lang, key: string, vars?: Record<string, string | number>) => string
}

const MESSAGES_MODULE = '../../renderer/src/i18n/messages.ts'
const TRANSLATE_MODULE = '../../renderer/src/i18n/translate.ts'

export async function rendererI18n(): Promise<RendererI18n> {
  const m = (await import(/* @vite-ignore */ MESSAGES_MODULE)) as Pick<
    RendererI18n,
    'LANGUAGES' | 'MESSAGES'
  >
  const t = (await import(/* @vite-ignore */ TRANSLATE_MODULE)) as Pick<RendererI18n, 'translate'>
  return { LANGUAGES: m.LANGUAGES, MESSAGES: m.MESSAGES, translate: t.translate }
}
