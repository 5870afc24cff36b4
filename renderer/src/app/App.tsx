/**
 * The app shell: settings from the core, the language, which screen is showing, the idle wipe,
 * spoken prompts on the self-service profile, and the one rule that staff screens do not exist on
 * a self-service terminal.
 */
import { useCallback, useEffect, useMemo, useState } from 'react'
import type { KioskApi } from '../../../electron/shared/contract/contract'
import type { JobType } from '../../../electron/shared/domain/job'
import { ApiProvider } from '../api/ApiContext'
import { IdleWarning } from '../components/IdleWarning'
import { ScreenFrame } from '../components/ScreenFrame'
import { CaptureFlow, type FlowSettings } from '../features/capture/CaptureFlow'
import type { DocumentMode } from '../../../electron/shared/ui/capture-flow.policy'
import { ConsoleScreen, type ConsoleTab } from '../features/console/ConsoleScreen'
import { StaffGate } from '../features/console/StaffGate'
import { I18nProvider } from '../i18n/i18n'
import type { Language } from '../i18n/messages'
import { HomeScreen } from '../screens/HomeScreen'
import { createSpeaker, SpeechContext } from './speech'
import { useIdle } from './useIdle'
import { errorText } from '../../../electron/shared/contract/result'

export type View =
  | { kind: 'home' }
  | { kind: 'capture'; jobType: JobType | null }
  | { kind: 'console'; tab: ConsoleTab }

type Values = Record<string, string | number | boolean>
const isLanguage = (l: unknown): l is Language => l === 'en' || l === 'fr' || l === 'ar'
const IDLE_WARNING_SEC = 10

export function App({ api }: { api: KioskApi }) {
  const [view, setView] = useState<View>({ kind: 'home' })
  const [values, setValues] = useState<Values | null>(null)
  const [lang, setLang] = useState<Language>('en')
  const [coreError, setCoreError] = useState<string | null>(null)
  // A new key remounts the screen: how the idle timeout wipes everything a customer left behind.
  const [session, setSession] = useState(0)

  const loadSettings = useCallback(
    (applyLanguage: boolean) =>
      api
        .call('settings:get', {})
        .then((s) => {
          setValues(s.values)
          if (applyLanguage && isLanguage(s.values['ui.language'])) setLang(s.values['ui.language'])
          setCoreError(null)
        })
        .catch((e: unknown) => setCoreError(errorText(e))),
    [api],
  )
  useEffect(() => {
    void loadSettings(true)
  }, [loadSettings])

  const selfService = values?.['ui.profile'] === 'self-service'
  const settingsLanguage = isLanguage(values?.['ui.language']) ? values['ui.language'] : 'en'
  const navigate = (v: View) => {
    // Self-service: staff screens do not exist, whatever asks for them.
    if (selfService && v.kind === 'console') return
    setView(v)
  }
  const goHome = () => {
    setView({ kind: 'home' })
    setSession((n) => n + 1)
  }
  const idle = useIdle({
    enabled: view.kind !== 'home' && values !== null,
    timeoutSec: Number(values?.['ui.idleTimeoutSec'] ?? 90),
    warningSec: IDLE_WARNING_SEC,
    onIdle: () => {
      goHome()
      setLang(settingsLanguage)
    },
  })

  // Voices load after start-up in Chromium; ask again when the list changes.
  const [voices, setVoices] = useState(0)
  useEffect(() => {
    const synth = window.speechSynthesis as SpeechSynthesis | undefined
    if (synth === undefined) return
    const changed = () => setVoices((n) => n + 1)
    synth.addEventListener('voiceschanged', changed)
    return () => synth.removeEventListener('voiceschanged', changed)
  }, [])
  const speaker = useMemo(
    () => createSpeaker(lang, selfService, voices),
    [lang, selfService, voices],
  )
  const flowSettings: FlowSettings | null =
    values === null
      ? null
      : {
          staff: !selfService,
          activeLiveness: values['capture.activeLiveness'] === true,
          documentMode: (values['capture.document'] as DocumentMode | undefined) ?? 'off',
          location: values['field.location'] === true,
          camera: {
            deviceId: String(values['camera.deviceId'] ?? ''),
            label: String(values['camera.label'] ?? ''),
            width: Number(values['camera.width'] ?? 1280),
            height: Number(values['camera.height'] ?? 720),
          },
        }

  return (
    <ApiProvider api={api}>
      <I18nProvider lang={lang}>
        <SpeechContext.Provider value={speaker}>
          <ScreenFrame
            view={view}
            selfService={selfService}
            onNavigate={navigate}
            lang={lang}
            onLanguage={setLang}
            coreError={coreError}
            voice={selfService ? speaker.available : null}
          >
            {view.kind === 'home' && (
              <HomeScreen
                selfService={selfService}
                onStart={(jobType) => navigate({ kind: 'capture', jobType })}
                onOpenField={() => navigate({ kind: 'console', tab: 'field' })}
              />
            )}
            {view.kind === 'capture' && flowSettings !== null && (
              <CaptureFlow
                key={session}
                jobType={view.jobType}
                settings={flowSettings}
                onExit={goHome}
              />
            )}
            {view.kind === 'console' && !selfService && (
              <StaffGate selfService={selfService}>
                <ConsoleScreen
                  tab={view.tab}
                  onTab={(tab) => navigate({ kind: 'console', tab })}
                  camera={{
                    deviceId: String(values?.['camera.deviceId'] ?? ''),
                    label: String(values?.['camera.label'] ?? ''),
                  }}
                  scanner={String(values?.['scanner.device'] ?? '')}
                  onSettingsChanged={() => void loadSettings(false)}
                />
              </StaffGate>
            )}
          </ScreenFrame>
          {idle.warning && <IdleWarning secondsLeft={idle.secondsLeft} />}
        </SpeechContext.Provider>
      </I18nProvider>
    </ApiProvider>
  )
}
