/**
 * Every setting with its description, edited one at a time and validated by the core (the error
 * line is the core's). Settings that need a supervisor ask for one when the core says so.
 */
import { useEffect, useId, useState } from 'react'
import {
  SETTINGS,
  SETTING_KEYS,
  type SettingKey,
} from '../../../../electron/shared/domain/settings.schema'
import { useApi } from '../../api/ApiContext'
import { CoreError } from '../../api/kiosk-api'
import { useT } from '../../i18n/i18n'
import { ApprovalFields, approvalOrUndefined, type ApprovalValue } from './Approval'
import { useStaffSession } from './StaffGate'
import { errorText } from '../../../../electron/shared/contract/result'

type Value = string | number | boolean
type Values = Record<string, Value>

export function SettingsPanel({ onChanged }: { onChanged: () => void }) {
  const api = useApi()
  const staff = useStaffSession()
  const { t } = useT()
  const [values, setValues] = useState<Values | null>(null)
  const [problems, setProblems] = useState<string[]>([])
  useEffect(() => {
    api.call('settings:get', {}).then(
      (v) => {
        setValues(v.values)
        setProblems(v.problems)
      },
      (e: unknown) => staff?.onError(e),
    )
  }, [api, staff])
  if (values === null) return <p aria-busy="true">{t('queue.loading')}</p>
  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('console.settings')}</h2>
      {problems.length > 0 && (
        <ul className="banner banner--error" role="alert">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
      <ul className="settings">
        {SETTING_KEYS.filter((k) => Object.hasOwn(values, k)).map((key) => (
          <SettingRow
            key={key}
            settingKey={key}
            value={values[key] ?? ''}
            onSaved={(v) => {
              setValues(v.values)
              setProblems(v.problems)
              onChanged()
            }}
          />
        ))}
      </ul>
    </section>
  )
}

function SettingRow(props: {
  settingKey: SettingKey
  value: Value
  onSaved: (v: { values: Values; problems: string[] }) => void
}) {
  const api = useApi()
  const { t } = useT()
  const id = useId()
  const spec = SETTINGS[props.settingKey]
  const secret = (spec as { secret?: true }).secret === true
  const [draft, setDraft] = useState<Value>(secret ? '' : props.value)
  const [error, setError] = useState<string | null>(null)
  const [saved, setSaved] = useState(false)
  const [needsApproval, setNeedsApproval] = useState(false)
  const [approval, setApproval] = useState<ApprovalValue>({ username: '', secret: '' })
  const changed = secret ? draft !== '' : draft !== props.value

  const save = () => {
    const a = approvalOrUndefined(approval)
    api
      .call('settings:set', {
        key: props.settingKey,
        value: draft,
        ...(a === undefined ? {} : { approval: a }),
      })
      .then((v) => {
        setError(null)
        setSaved(true)
        setNeedsApproval(false)
        setApproval({ username: '', secret: '' })
        if (secret) setDraft('')
        props.onSaved(v)
      })
      .catch((e: unknown) => {
        setSaved(false)
        if (e instanceof CoreError && e.code === 'forbidden' && /supervisor/i.test(e.message)) {
          setNeedsApproval(true)
        }
        setError(errorText(e))
      })
  }

  const options = spec.kind === 'enum' ? enumOptions(spec.schema) : []
  return (
    <li className="settings__row" data-setting={props.settingKey}>
      <label className="form__label" htmlFor={id}>
        <span className="mono">{props.settingKey}</span>
      </label>
      <p className="form__hint" id={`${id}-d`}>
        {spec.description}
      </p>
      <div className="settings__edit">
        {spec.kind === 'boolean' ? (
          <input
            id={id}
            type="checkbox"
            className="check__box"
            checked={draft === true}
            aria-describedby={`${id}-d`}
            onChange={(e) => {
              setDraft(e.target.checked)
              setSaved(false)
            }}
          />
        ) : spec.kind === 'enum' ? (
          <select
            id={id}
            className="form__input"
            value={String(draft)}
            aria-describedby={`${id}-d`}
            onChange={(e) => {
              setDraft(e.target.value)
              setSaved(false)
            }}
          >
            {options.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        ) : (
          <input
            id={id}
            className="form__input"
            type={secret ? 'password' : spec.kind === 'number' ? 'number' : 'text'}
            placeholder={secret ? String(props.value) : undefined}
            value={String(draft)}
            aria-describedby={`${id}-d`}
            onChange={(e) => {
              setDraft(
                spec.kind === 'number' && e.target.value !== ''
                  ? Number(e.target.value)
                  : e.target.value,
              )
              setSaved(false)
            }}
          />
        )}
        <button
          type="button"
          className="btn btn--small"
          disabled={!changed && !needsApproval}
          onClick={save}
        >
          {t('action.save')}
        </button>
        {saved && <span role="status">{t('settings.saved')}</span>}
      </div>
      {needsApproval && <ApprovalFields value={approval} onChange={setApproval} />}
      {error !== null && (
        <p className="form__msg form__msg--bad" role="alert">
          {error}
        </p>
      )}
    </li>
  )
}

function enumOptions(schema: unknown): string[] {
  const opts = (schema as { options?: unknown }).options
  return Array.isArray(opts) ? opts.map(String) : []
}
