/**
 * The way into staff screens. On a self-service terminal there is none. At a staff desk it asks
 * the core who is signed in on this screen (staff:session) and shows a sign-in form until someone
 * is; a fresh install with no staff accounts yet is open (setup mode), as the core decides.
 * The core enforces all of this on every call; the gate only spares people refused screens.
 */
import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useId,
  useMemo,
  useRef,
  useState,
  type FormEvent,
  type ReactNode,
} from 'react'
import type { SessionView } from '../../../../electron/shared/contract/staff.contract'
import { useApi } from '../../api/ApiContext'
import { CoreError } from '../../api/kiosk-api'
import { StepTitle } from '../../components/StepTitle'
import { useT } from '../../i18n/i18n'
import { errorText } from '../../../../electron/shared/contract/result'

interface StaffSession {
  session: SessionView
  /** Call with any error from a staff call: an ended session brings the sign-in form back. */
  onError: (err: unknown) => void
  signOut: () => void
}

const Ctx = createContext<StaffSession | null>(null)
export const useStaffSession = (): StaffSession | null => useContext(Ctx)

/** Staff activity is reported at most this often (the core's idle sign-out counts from it). */
const ACTIVITY_EVERY_MS = 30_000

export function StaffGate({
  selfService,
  children,
}: {
  selfService: boolean
  children: ReactNode
}) {
  const { t } = useT()
  const api = useApi()
  const [session, setSession] = useState<SessionView | null>(null)
  const [error, setError] = useState<string | null>(null)
  const lastActivity = useRef(0)

  const refresh = useCallback(() => {
    api
      .call('staff:session', {})
      .then((s) => {
        setSession(s)
        setError(null)
      })
      .catch((e: unknown) => setError(errorText(e)))
  }, [api])

  useEffect(() => {
    if (!selfService) refresh()
  }, [refresh, selfService])

  useEffect(() => {
    if (session === null || !session.signedIn) return
    const onInput = () => {
      const now = Date.now()
      if (now - lastActivity.current < ACTIVITY_EVERY_MS) return
      lastActivity.current = now
      api.call('staff:activity', {}).then(setSession, () => undefined)
    }
    window.addEventListener('pointerdown', onInput, { capture: true })
    window.addEventListener('keydown', onInput, { capture: true })
    return () => {
      window.removeEventListener('pointerdown', onInput, { capture: true })
      window.removeEventListener('keydown', onInput, { capture: true })
    }
  }, [api, session])

  // One value per session: every staff screen reloads its data when this changes identity (it
  // is in their effects' dependencies), so a new object on each render of the app would reload
  // them all on each render.
  const value = useMemo<StaffSession | null>(
    () =>
      session === null
        ? null
        : {
            session,
            onError: (err) => {
              if (err instanceof CoreError && err.code === 'unauthenticated') refresh()
            },
            signOut: () => {
              api.call('staff:signOut', {}).then(setSession, () => refresh())
            },
          },
    [api, refresh, session],
  )

  if (selfService) {
    return (
      <p className="banner banner--error" role="alert">
        {t('staff.notHere')}
      </p>
    )
  }
  if (session === null) {
    return error === null ? (
      <p aria-busy="true">{t('queue.loading')}</p>
    ) : (
      <p role="alert">{error}</p>
    )
  }
  const open = session.signedIn || session.setupMode
  if (!open) return <SignIn onSignedIn={setSession} endedBecause={session.endedBecause} />
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>
}

function SignIn({
  onSignedIn,
  endedBecause,
}: {
  onSignedIn: (s: SessionView) => void
  endedBecause: string | null
}) {
  const { t } = useT()
  const api = useApi()
  const id = useId()
  const [username, setUsername] = useState('')
  const [secret, setSecret] = useState('')
  const [error, setError] = useState<string | null>(null)
  const submit = (e: FormEvent) => {
    e.preventDefault()
    api
      .call('staff:signIn', { username, secret })
      .then((s) => {
        setSecret('')
        onSignedIn(s)
      })
      .catch((err: unknown) => {
        setSecret('')
        setError(errorText(err))
      })
  }
  return (
    <section className="step" aria-labelledby={`${id}-title`}>
      <StepTitle id={`${id}-title`}>{t('staff.signIn')}</StepTitle>
      {endedBecause !== null && <p className="form__msg form__msg--warn">{endedBecause}</p>}
      <form className="form" onSubmit={submit}>
        <label className="form__label" htmlFor={`${id}-u`}>
          {t('staff.username')}
        </label>
        <input
          id={`${id}-u`}
          className="form__input"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label className="form__label" htmlFor={`${id}-p`}>
          {t('staff.pin')}
        </label>
        <input
          id={`${id}-p`}
          className="form__input"
          type="password"
          autoComplete="current-password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        {error !== null && (
          <p className="form__msg form__msg--bad" role="alert">
            {error}
          </p>
        )}
        <div className="step__actions">
          <button type="submit" className="btn" disabled={username === '' || secret === ''}>
            {t('staff.signIn')}
          </button>
        </div>
      </form>
    </section>
  )
}
