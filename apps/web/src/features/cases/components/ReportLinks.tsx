import type { ReactNode } from 'react';
import { ErrorMessage } from '../../../components';
import { inputId } from '../../../components/form/field-errors';
import type { CaseDetail, ReportLink } from '../../../types';
import { useReportLinks } from '../hooks/use-report-links';
import { KIND_LABELS } from './ReportLinkList';

const KINDS = Object.keys(KIND_LABELS) as ReportLink['kind'][];

/**
 * The coordinator keeps the links to the case's reports: kind, title, address (https:// or a
 * path of the hospital viewer) and date. The whole list is saved with the case's ETag; each
 * refusal is shown beside its field.
 */
export function ReportLinksEditor({
  shown,
  etag,
  onSaved,
}: {
  shown: Pick<CaseDetail, 'id' | 'reportLinks'>;
  etag: string | null;
  onSaved: () => void;
}): ReactNode {
  const { rows, change, remove, add, errors, failure, notice, busy, save } = useReportLinks(shown, etag, onSaved);

  const described = (name: string): { 'aria-invalid'?: true; 'aria-describedby'?: string } =>
    errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${inputId(name)}-error` } : {};
  const fieldError = (name: string): ReactNode =>
    errors[name] ? (
      <span className="field-error" id={`${inputId(name)}-error`}>
        <span aria-hidden="true">✖ </span>
        {errors[name].join('; ')}
      </span>
    ) : null;

  return (
    <form className="report-links-form" aria-label="Report links" noValidate onSubmit={(event) => void save(event)}>
      {rows.map((row, index) => {
        const name = (field: string): string => `reportLinks.${index}.${field}`;
        return (
          <fieldset key={index} className="report-link-row" data-testid="report-link-row">
            <legend>Report {index + 1}</legend>
            <div className="field">
              <label htmlFor={inputId(name('kind'))}>Kind</label>
              <select
                id={inputId(name('kind'))}
                value={row.kind}
                onChange={(event) => change(index, 'kind', event.target.value)}
                {...described(name('kind'))}
              >
                {KINDS.map((kind) => (
                  <option key={kind} value={kind}>
                    {KIND_LABELS[kind]}
                  </option>
                ))}
              </select>
              {fieldError(name('kind'))}
            </div>
            <div className="field">
              <label htmlFor={inputId(name('title'))}>Title</label>
              <input
                id={inputId(name('title'))}
                value={row.title}
                maxLength={200}
                onChange={(event) => change(index, 'title', event.target.value)}
                {...described(name('title'))}
              />
              {fieldError(name('title'))}
            </div>
            <div className="field">
              <label htmlFor={inputId(name('url'))}>Address (https:// or /viewer path)</label>
              <input
                id={inputId(name('url'))}
                type="url"
                value={row.url}
                maxLength={2000}
                placeholder="https://"
                onChange={(event) => change(index, 'url', event.target.value)}
                {...described(name('url'))}
              />
              {fieldError(name('url'))}
            </div>
            <div className="field">
              <label htmlFor={inputId(name('date'))}>Date</label>
              <input
                id={inputId(name('date'))}
                type="date"
                value={row.date}
                onChange={(event) => change(index, 'date', event.target.value)}
                {...described(name('date'))}
              />
              {fieldError(name('date'))}
            </div>
            <button type="button" className="secondary" onClick={() => remove(index)}>
              Remove report {index + 1}
            </button>
          </fieldset>
        );
      })}
      {fieldError('reportLinks')}
      <p className="inline-form">
        <button type="button" className="secondary" onClick={add}>
          Add a report link
        </button>
        <button type="submit" disabled={busy}>
          Save the report links
        </button>
      </p>
      <ErrorMessage error={failure} />
      <p role="status" data-testid="report-links-notice">
        {notice}
      </p>
    </form>
  );
}
