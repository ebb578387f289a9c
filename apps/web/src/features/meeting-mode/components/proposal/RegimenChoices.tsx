import type { Dispatch, ReactNode, SetStateAction } from 'react';
import { FieldMessage } from '../../../../components/form/fields';
import type { RegimenChoice } from '../../proposal-form';
import { regimenName } from '../../regimens';

interface RegimenChoicesProps {
  /** The form's id prefix. */
  id: string;
  choices: readonly RegimenChoice[];
  regimens: readonly string[];
  onRegimens: Dispatch<SetStateAction<string[]>>;
  allowForbidden: boolean;
  onAllowForbidden: (allow: boolean) => void;
  error: string | undefined;
}

/** The pathway's systemic regimens as checkboxes, a forbidden one disabled (its reason shown) unless the board departs on purpose. */
export function RegimenChoices({
  id,
  choices,
  regimens,
  onRegimens,
  allowForbidden,
  onAllowForbidden,
  error,
}: RegimenChoicesProps): ReactNode {
  return (
    <fieldset className="regimens" {...(error ? { 'aria-describedby': `${id}-regimens-error` } : {})}>
      <legend>Systemic regimens</legend>
      <ul className="regimen-list">
        {choices.map((choice) => {
          const disabled = choice.forbidden && !allowForbidden && !regimens.includes(choice.code);
          return (
            <li key={choice.code}>
              <label className="choice">
                <input
                  type="checkbox"
                  checked={regimens.includes(choice.code)}
                  disabled={disabled}
                  aria-describedby={choice.reason ? `${id}-regimen-${choice.code}` : undefined}
                  onChange={(event) =>
                    onRegimens((previous) =>
                      event.target.checked
                        ? [...previous, choice.code]
                        : previous.filter((code) => code !== choice.code),
                    )
                  }
                />{' '}
                {regimenName(choice.code)} <span className="muted">({choice.note})</span>
              </label>
              {choice.reason ? (
                <span
                  className={choice.forbidden ? 'regimen-reason forbidden' : 'regimen-reason'}
                  id={`${id}-regimen-${choice.code}`}
                >
                  {choice.forbidden ? <span aria-hidden="true">⛔ </span> : null}
                  {choice.reason}
                </span>
              ) : null}
            </li>
          );
        })}
      </ul>
      {choices.some((choice) => choice.forbidden) ? (
        <label className="choice">
          <input
            type="checkbox"
            checked={allowForbidden}
            onChange={(event) => onAllowForbidden(event.target.checked)}
          />{' '}
          Propose a regimen the pathway forbids (its block finding then needs an override with a reason)
        </label>
      ) : null}
      <FieldMessage id={`${id}-regimens-error`} message={error} />
    </fieldset>
  );
}
