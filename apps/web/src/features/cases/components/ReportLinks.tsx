import { useState, type FormEvent, type ReactNode } from 'react';
import { api, ApiError, messageOf } from '../../../api';
import { ErrorMessage } from '../../../components';
import { inputId, placeFieldErrors } from '../../../components/form/field-errors';
import type { CaseDetail, ReportLink, ReportLinkInput } from '../../../types';
import { KIND_LABELS } from './ReportLinkList';

const KINDS = Object.keys(KIND_LABELS) as ReportLink['kind'][];

type Row = { kind: ReportLink['kind']; title: string; url: string; date: string };
const FIELDS = ['kind', 'title', 'url', 'date'] as const;

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
  const [rows, setRows] = useState<Row[]>(() =>
    shown.reportLinks.map((link) => ({ kind: link.kind, title: link.title, url: link.url, date: link.date ?? '' })),
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const change = (index: number, field: keyof Row, value: string): void =>
    setRows((current) => current.map((row, at) => (at === index ? { ...row, [field]: value } : row)));

  const save = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    setNotice('');
    const reportLinks: ReportLinkInput[] = rows.map((row) => ({
      kind: row.kind,
      title: row.title.trim(),
      url: row.url.trim(),
      ...(row.date ? { date: row.date } : {}),
    }));
    try {
      await api('PATCH', '/cases/{id}', {
        path: { id: shown.id },
        body: { reportLinks },
        headers: etag ? { 'if-match': etag } : {},
      });
      setNotice(`Saved: ${reportLinks.length} report link${reportLinks.length === 1 ? '' : 's'}.`);
      onSaved();
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) {
        const shownFields = new Set([
          'reportLinks',
          ...rows.flatMap((_row, index) => FIELDS.map((field) => `reportLinks.${index}.${field}`)),
        ]);
        const placed = placeFieldErrors(caught.errors, shownFields);
        setErrors(placed.byField);
        setFailure(placed.unplaced.length ? placed.unplaced.join('; ') : 'Not saved: see the fields marked.');
      } else if (caught instanceof ApiError && caught.status === 412) {
        setFailure('Not saved: someone changed this case first. Reload the page and apply your change again.');
      } else {
        setFailure(messageOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

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
            <button
              type="button"
              className="secondary"
              onClick={() => setRows((current) => current.filter((_row, at) => at !== index))}
            >
              Remove report {index + 1}
            </button>
          </fieldset>
        );
      })}
      {fieldError('reportLinks')}
      <p className="inline-form">
        <button
          type="button"
          className="secondary"
          onClick={() => setRows((current) => [...current, { kind: 'IMAGING', title: '', url: '', date: '' }])}
        >
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
