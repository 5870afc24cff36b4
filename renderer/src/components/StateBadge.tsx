import type { JobState } from '../../../electron/shared/domain/job'
import { useT } from '../i18n/i18n'

export function StateBadge({ state }: { state: JobState }) {
  const { t } = useT()
  return <span className={`badge badge--${state}`}>{t(`state.${state}`)}</span>
}
