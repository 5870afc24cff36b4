/** Where the person is in the challenge sequence, and the pause after a failed attempt. */
import type { Challenge } from '../../../../electron/shared/liveness/challenge.policy'
import { useT } from '../../i18n/i18n'
import type { CaptureView } from './capture-controller'

/** Arrows as the person sees them in the mirrored preview: "your left" points left. */
const ICON: Record<Challenge, string> = {
  turn_left: '←',
  turn_right: '→',
  look_up: '↑',
  blink: '◡',
  smile: '☺',
}

export function ChallengePanel({
  view,
  onRetryNow,
}: {
  view: CaptureView
  onRetryNow: () => void
}) {
  const { t } = useT()
  const steps = Array.from({ length: view.challengeCount }, (_, i) => i)
  return (
    <div className="challenge" data-attempt={view.attempt}>
      {view.challenge !== null && view.phase === 'challenge' && (
        <span className="challenge__icon" aria-hidden="true">
          {ICON[view.challenge]}
        </span>
      )}
      {view.challengeCount > 0 && (
        <ol className="challenge__steps" aria-label={t('challenge.steps')}>
          {steps.map((i) => (
            <li
              key={i}
              className={`challenge__step ${i < view.challengeIndex || view.phase === 'passed' ? 'challenge__step--done' : i === view.challengeIndex ? 'challenge__step--now' : ''}`}
            >
              <span className="visually-hidden">
                {t('challenge.step', { n: i + 1, total: view.challengeCount })}
              </span>
            </li>
          ))}
        </ol>
      )}
      {view.phase === 'challenge' && (
        <progress
          className="challenge__progress"
          max={1}
          value={view.challengeProgress}
          aria-label={t('challenge.progress')}
        />
      )}
      {view.phase === 'retry_wait' && (
        <div className="challenge__retry">
          <p>{t('challenge.attempt', { n: view.attempt + 1, total: view.maxAttempts })}</p>
          <button type="button" className="btn" onClick={onRetryNow}>
            {t('action.tryAgainNow')}
          </button>
        </div>
      )}
    </div>
  )
}
