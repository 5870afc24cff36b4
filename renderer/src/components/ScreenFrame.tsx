/** The kiosk's frame: brand bar, navigation (staff only), language switch, and one main region. */
import type { ReactNode } from 'react'
import type { View } from '../app/App'
import { useT } from '../i18n/i18n'
import { LANGUAGES, type Language } from '../i18n/messages'

interface Props {
  view: View
  selfService: boolean
  onNavigate: (v: View) => void
  lang: Language
  onLanguage: (l: Language) => void
  coreError: string | null
  /** Self-service: whether prompts are spoken (null on the staff profile). */
  voice: boolean | null
  children: ReactNode
}

export function ScreenFrame({
  view,
  selfService,
  onNavigate,
  lang,
  onLanguage,
  coreError,
  voice,
  children,
}: Props) {
  const { t } = useT()
  return (
    <div className="frame" data-profile={selfService ? 'self-service' : 'staff'}>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="frame__bar">
        <div className="frame__brand" aria-hidden="true">
          <span className="frame__logo">◉</span>
        </div>
        <h1 className="frame__title">{t('app.title')}</h1>
        <nav className="frame__nav" aria-label={t('nav.label')}>
          <button
            type="button"
            className="navbtn"
            aria-current={view.kind === 'home' ? 'page' : undefined}
            onClick={() => onNavigate({ kind: 'home' })}
          >
            {t('nav.home')}
          </button>
          {!selfService && (
            <button
              type="button"
              className="navbtn"
              aria-current={view.kind === 'console' ? 'page' : undefined}
              onClick={() => onNavigate({ kind: 'console', tab: 'queue' })}
            >
              {t('nav.queue')}
            </button>
          )}
        </nav>
        {voice !== null && (
          <span className="frame__voice" data-voice={voice ? 'on' : 'unavailable'}>
            {t(voice ? 'voice.on' : 'voice.off')}
          </span>
        )}
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
