/** The attract screen: a welcome for customers and the way to the queue for staff. */
import type { ScreenId } from '../app/App'
import { useT } from '../i18n/i18n'

export function HomeScreen({ onNavigate }: { onNavigate: (s: ScreenId) => void }) {
  const { t } = useT()
  return (
    <section className="home" aria-labelledby="home-title">
      <h2 id="home-title" className="home__title">
        {t('home.welcome')}
      </h2>
      <p className="home__subtitle">{t('home.subtitle')}</p>
      <div className="home__actions">
        <button
          type="button"
          className="bigbtn bigbtn--secondary"
          onClick={() => onNavigate('queue')}
        >
          <span className="bigbtn__label">{t('nav.queue')}</span>
          <span className="bigbtn__hint">{t('home.queueHint')}</span>
        </button>
      </div>
    </section>
  )
}
