/** "Are you still there?": shown before the idle wipe; any touch or key dismisses it. */
import { useT } from '../i18n/i18n'

export function IdleWarning({ secondsLeft }: { secondsLeft: number }) {
  const { t } = useT()
  return (
    <div
      className="idle"
      role="alertdialog"
      aria-modal="true"
      aria-labelledby="idle-title"
      aria-describedby="idle-text"
    >
      <div className="idle__box">
        <h2 id="idle-title">{t('idle.title')}</h2>
        <p id="idle-text">{t('idle.text', { n: secondsLeft })}</p>
        <button type="button" className="btn" autoFocus>
          {t('idle.stay')}
        </button>
      </div>
    </div>
  )
}
