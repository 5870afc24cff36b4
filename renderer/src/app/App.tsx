/** The app shell: language from settings, the screen frame, and which screen is showing. */
import { useEffect, useState } from 'react'
import type { KioskApi } from '../../../electron/shared/contract/contract'
import { ApiProvider } from '../api/ApiContext'
import { ScreenFrame } from '../components/ScreenFrame'
import { I18nProvider } from '../i18n/i18n'
import type { Language } from '../i18n/messages'
import { HomeScreen } from '../screens/HomeScreen'
import { QueueScreen } from '../screens/QueueScreen'

export type ScreenId = 'home' | 'queue'

export function App({ api }: { api: KioskApi }) {
  const [screen, setScreen] = useState<ScreenId>('home')
  const [lang, setLang] = useState<Language>('en')
  const [coreError, setCoreError] = useState<string | null>(null)

  useEffect(() => {
    api
      .call('settings:get', {})
      .then((s) => {
        const l = s.values['ui.language']
        if (l === 'en' || l === 'fr' || l === 'ar') setLang(l)
        setCoreError(null)
      })
      .catch((e: unknown) => setCoreError(e instanceof Error ? e.message : String(e)))
  }, [api])

  return (
    <ApiProvider api={api}>
      <I18nProvider lang={lang}>
        <ScreenFrame
          screen={screen}
          onNavigate={setScreen}
          lang={lang}
          onLanguage={setLang}
          coreError={coreError}
        >
          {screen === 'home' ? <HomeScreen onNavigate={setScreen} /> : <QueueScreen />}
        </ScreenFrame>
      </I18nProvider>
    </ApiProvider>
  )
}
