/** The kiosk's frame: brand bar, navigation, language switch, and one main region. */
import type { ReactNode } from 'react'
import type { ScreenId } from '../app/App'
import { useT } from '../i18n/i18n'
import { LANGUAGES, type Language } from '../i18n/messages'

interface Props {
  screen: ScreenId
  onNavigate: (s: ScreenId) => void
  lang: Language
  onLanguage: (l: Language) => void
  coreError: string | null
  children: ReactNode
}

export function ScreenFrame({ screen, onNavigate, lang, onLanguage, coreError, children }: Props) {
  const { t } = useT()
  return (
    <div className="frame">
      <header className="frame__bar">
        <div className="frame__brand" aria-hidden="true">
          <span className="frame__logo">◉</span>
        </div>
        <h1 className="frame__title">{t('app.title')}</h1>
        <nav className="frame__nav" aria-label="Main">
          {(['home', 'queue'] as const).map((id) => (
            <button
              key={id}
              type="button"
              className="navbtn"
              aria-current={screen === id ? 'page' : undefined}
              onClick={() => onNavigate(id)}
            >
              {t(id === 'home' ? 'nav.home' : 'nav.queue')}
            </button>
          ))}
        </nav>
        <div className="frame__lang" role="group" aria-label={t('lang.label')}>
          {LANGUAGES.map((l) => (
            <button
              key={l.id}
              type="button"
              className="langbtn"
              lang={l.id}
              aria-pressed={lang === l.id}
              onClick={() => onLanguage(l.id)}
            >
              {l.name}
            </button>
          ))}
        </div>
      </header>
      {coreError !== null && (
        <div className="banner banner--error" role="alert">
          {t('app.offline')}: {coreError}
        </div>
      )}
      <main className="frame__main" id="main">
        {children}
      </main>
    </div>
  )
}
