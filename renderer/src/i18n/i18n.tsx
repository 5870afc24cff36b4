/** Language context: `t(key)` for text, and the document's lang/dir kept in step. */
import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react'
import { LANGUAGES, type Language, type MessageKey } from './messages'
import { translate } from './translate'

interface I18n {
  lang: Language
  t: (key: MessageKey, vars?: Record<string, string | number>) => string
}

const Ctx = createContext<I18n | null>(null)

export function I18nProvider({ lang, children }: { lang: Language; children: ReactNode }) {
  useEffect(() => {
    document.documentElement.lang = lang
    document.documentElement.dir = LANGUAGES.find((l) => l.id === lang)?.dir ?? 'ltr'
  }, [lang])
  const value = useMemo<I18n>(
    () => ({ lang, t: (key, vars) => translate(lang, key, vars) }),
    [lang],
  )
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

export function useT(): I18n {
  const v = useContext(Ctx)
  if (v === null) throw new Error('useT outside I18nProvider')
  return v
}
