/**
 * Field status as facts staff can read out on the phone: which keys this machine has (fingerprints
 * in groups of four, as `kiosk field …` prints them), bundles written and read, what waits for the
 * backend, and whether the clock can be trusted before the next sync.
 */
import type { CallOutput } from '../../../../electron/shared/contract/contract'
import { showFingerprint } from '../../../../electron/shared/field/bundle-header.policy'
import { useT } from '../../i18n/i18n'

type Status = CallOutput<'field:status'>
type Bundle = Status['exports']['recent'][number]

/** Groups of four hex digits, read out by phone to compare with `kiosk field …`'s output. */
const fp = (fingerprint: string) => (
  <span className="mono" dir="ltr">
    {showFingerprint(fingerprint)}
  </span>
)

export function FieldStatusView({ status }: { status: Status }) {
  const { t, lang } = useT()
  const when = (iso: string) =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
  const g = status.guards
  const clock = status.clock
  const bundles = (list: Bundle[], dir: 'export' | 'import') =>
    list.length === 0 ? null : (
      <ul className="field__bundles" data-testid={`field-recent-${dir}`}>
        {list.map((b) => (
          <li key={b.bundleId}>
            {t('field.recent', { when: when(b.at), n: b.jobs, file: '\u2066' + b.file + '\u2069' })}
          </li>
        ))}
      </ul>
    )
  return (
    <dl className="facts" data-testid="field-status">
      <dt>{t('field.deviceKey')}</dt>
      <dd data-testid="field-device-key">
        {status.deviceKey === null ? t('field.deviceKey.none') : fp(status.deviceKey.fingerprint)}
      </dd>
      <dt>{t('field.recipient')}</dt>
      <dd data-testid="field-recipient">
        {status.recipientKeySet === null ? t('field.recipient.none') : fp(status.recipientKeySet)}
      </dd>
      <dt>{t('field.recipientHere')}</dt>
      <dd data-testid="field-recipient-here">
        {status.recipientKey === null
          ? t('field.recipientHere.none')
          : fp(status.recipientKey.fingerprint)}
      </dd>
      <dt>{t('field.trusted')}</dt>
      <dd>{status.trustedDevices}</dd>
      <dt>{t('field.exports')}</dt>
      <dd data-testid="field-exports">
        {status.exports.count}
        {bundles(status.exports.recent, 'export')}
      </dd>
      <dt>{t('field.imports')}</dt>
      <dd data-testid="field-imports">
        {status.imports.count}
        {bundles(status.imports.recent, 'import')}
      </dd>
      <dt>{t('field.backlog')}</dt>
      <dd data-testid="field-backlog">
        {g.backlog} / {g.maxBacklog === 0 ? t('guard.noLimit') : g.maxBacklog}
      </dd>
      <dt>{t('field.exportedUnsent')}</dt>
      <dd data-testid="field-exported-unsent">{g.exportedUnsent}</dd>
      <dt>{t('field.lastSync')}</dt>
      <dd>{g.lastSyncAt === null ? t('guard.never') : when(g.lastSyncAt)}</dd>
      <dt>{t('field.clock')}</dt>
      <dd data-testid="field-clock" data-state={clock.state}>
        {t(`field.clock.${clock.state}`, {
          offset: Math.round((clock.offsetMs ?? 0) / 1000),
        })}
        {clock.warning !== null && (
          <p className="form__msg form__msg--warn" role="status">
            {clock.warning}
          </p>
        )}
      </dd>
    </dl>
  )
}
