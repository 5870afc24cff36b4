/** Plain-language consent before any picture is taken; the time it was given goes in the job. */
import { useId, useState } from 'react'
import { useT } from '../../i18n/i18n'
import { StepTitle } from '../../components/StepTitle'

export const CONSENT_NOTICE = 'consent-v1'

export function ConsentStep({
  location,
  onAgree,
  onDecline,
}: {
  /** field.location is on: the customer is told their position is recorded too. */
  location: boolean
  onAgree: (at: string) => void
  onDecline: () => void
}) {
  const { t } = useT()
  const [agreed, setAgreed] = useState(false)
  const id = useId()
  return (
    <section className="step" aria-labelledby="consent-title">
      <StepTitle id="consent-title">{t('consent.title')}</StepTitle>
      <div className="notice">
        <p>{t('consent.what')}</p>
        {location && <p data-testid="consent-location">{t('consent.location')}</p>}
        <p>{t('consent.why')}</p>
        <p>{t('consent.keep')}</p>
        <p>{t('consent.choice')}</p>
      </div>
      <div className="check">
        <input
          id={id}
          type="checkbox"
          className="check__box"
          checked={agreed}
          onChange={(e) => setAgreed(e.target.checked)}
        />
        <label htmlFor={id} className="check__label">
          {t(location ? 'consent.agree.location' : 'consent.agree')}
        </label>
      </div>
      <div className="step__actions">
        <button type="button" className="btn btn--secondary" onClick={onDecline}>
          {t('consent.decline')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!agreed}
          onClick={() => onAgree(new Date().toISOString())}
        >
          {t('action.continue')}
        </button>
      </div>
    </section>
  )
}
