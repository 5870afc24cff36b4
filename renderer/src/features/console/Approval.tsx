/** A supervisor's name and PIN, typed at the desk for one action (maker–checker). */
import { useId } from 'react'
import { useT } from '../../i18n/i18n'

export interface ApprovalValue {
  username: string
  secret: string
}

export const approvalOrUndefined = (a: ApprovalValue) =>
  a.username.trim() === '' || a.secret === ''
    ? undefined
    : { username: a.username.trim(), secret: a.secret }

export function ApprovalFields({
  value,
  onChange,
}: {
  value: ApprovalValue
  onChange: (v: ApprovalValue) => void
}) {
  const { t } = useT()
  const id = useId()
  return (
    <fieldset className="approval">
      <legend>{t('approval.legend')}</legend>
      <label className="form__label" htmlFor={`${id}-u`}>
        {t('approval.username')}
      </label>
      <input
        id={`${id}-u`}
        className="form__input"
        autoComplete="off"
        value={value.username}
        onChange={(e) => onChange({ ...value, username: e.target.value })}
      />
      <label className="form__label" htmlFor={`${id}-p`}>
        {t('approval.pin')}
      </label>
      <input
        id={`${id}-p`}
        className="form__input"
        type="password"
        autoComplete="off"
        value={value.secret}
        onChange={(e) => onChange({ ...value, secret: e.target.value })}
      />
    </fieldset>
  )
}
