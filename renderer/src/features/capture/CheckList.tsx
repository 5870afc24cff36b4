/** A job's local checks as a list a person can read: what was checked and how it came out. */
import { useT } from '../../i18n/i18n'
import { checkSummary, type RowDecision } from '../../../../electron/shared/ui/check-summary.policy'

export function DecisionBadge({ decision }: { decision: RowDecision }) {
  const { t } = useT()
  return (
    <span className={`badge badge--${decision.toLowerCase()}`}>{t(`decision.${decision}`)}</span>
  )
}

export function CheckList({
  localChecks,
  metadata,
  detail,
}: {
  localChecks: unknown
  metadata: unknown
  /** Staff see scores and the core's reasons; customers see what was checked and the outcome. */
  detail: boolean
}) {
  const { t } = useT()
  const s = checkSummary(localChecks, metadata)
  return (
    <div className="checks" data-overall={s.overall ?? ''}>
      {s.overall !== null && (
        <p className="checks__overall">
          {t('checks.overall')} <DecisionBadge decision={s.overall} />
        </p>
      )}
      {s.rows.length === 0 ? (
        <p>{t('checks.none')}</p>
      ) : (
        <ul className="checks__list">
          {s.rows.map((r) => (
            <li key={r.id} className="checks__row" data-check={r.id} data-decision={r.decision}>
              <span className="checks__name">{t(`check.${r.id}`)}</span>
              <DecisionBadge decision={r.decision} />
              {detail && r.score !== null && (
                <span className="checks__score">
                  {t('checks.score', { score: Math.round(r.score * 100) })}
                </span>
              )}
              {detail && r.reason !== null && <span className="checks__reason">{r.reason}</span>}
            </li>
          ))}
        </ul>
      )}
      {detail && s.warnings.length > 0 && (
        <ul className="checks__warnings" aria-label={t('checks.warnings')}>
          {s.warnings.map((w) => (
            <li key={w.code} data-warning={w.code}>
              {w.description}
            </li>
          ))}
        </ul>
      )}
    </div>
  )
}
