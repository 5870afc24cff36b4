/**
 * What to do about a camera that cannot be used, in words staff (and customers) can act on.
 * Also shown when the camera works but the photo could not be taken from it (`photo_failed`).
 */
import type { CameraProblem } from '../../../../electron/shared/ui/camera-errors.policy'
import { useT } from '../../i18n/i18n'

export function CameraProblemPanel({
  problem,
  onRetry,
}: {
  problem: CameraProblem | 'photo_failed'
  onRetry: () => void
}) {
  const { t } = useT()
  return (
    <div className="stage__problem" role="alert" data-problem={problem}>
      <p className="stage__problem-title">{t(`camera.${problem}`)}</p>
      <p>{t(`camera.${problem}.fix`)}</p>
      <button type="button" className="btn" onClick={onRetry}>
        {t('action.retry')}
      </button>
    </div>
  )
}
