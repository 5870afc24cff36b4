/**
 * The attract screen. Staff choose Enrol or Authenticate straight away; a customer at a
 * self-service terminal presses Start and then chooses.
 */
import type { JobType } from '../../../electron/shared/domain/job'
import { CaptureReadiness } from '../features/field/CaptureReadiness'
import { useT } from '../i18n/i18n'

export function HomeScreen({
  selfService,
  onStart,
  onOpenField,
}: {
  selfService: boolean
  onStart: (t: JobType | null) => void
  /** Staff: open the console's field screen (sync, export) from a guard warning. */
  onOpenField: () => void
}) {
  const { t } = useT()
  return (
    <section className="home" aria-labelledby="home-title">
      <h2 id="home-title" className="home__title">
        {t('home.welcome')}
      </h2>
      <p className="home__subtitle">{t(selfService ? 'home.subtitle.self' : 'home.subtitle')}</p>
      <CaptureReadiness selfService={selfService} onOpenField={onOpenField} />
      <div className="home__actions">
        {selfService ? (
          <button type="button" className="bigbtn bigbtn--start" onClick={() => onStart(null)}>
            <span className="bigbtn__label">{t('home.start')}</span>
            <span className="bigbtn__hint">{t('home.start.hint')}</span>
          </button>
        ) : (
          <>
            <button type="button" className="bigbtn" onClick={() => onStart(4)}>
              <span className="bigbtn__label">{t('choose.enrol')}</span>
              <span className="bigbtn__hint">{t('home.enrol.hint')}</span>
            </button>
            <button type="button" className="bigbtn" onClick={() => onStart(2)}>
              <span className="bigbtn__label">{t('choose.auth')}</span>
              <span className="bigbtn__hint">{t('home.auth.hint')}</span>
            </button>
          </>
        )}
      </div>
    </section>
  )
}
