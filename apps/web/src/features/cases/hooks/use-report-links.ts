import { useState, type FormEvent } from 'react';
import { api, ApiError, messageOf } from '../../../api';
import { placeFieldErrors } from '../../../components/form/field-errors';
import type { CaseDetail, ReportLink, ReportLinkInput } from '../../../types';

/** One report link as the form holds it (no date is ''). */
export interface ReportLinkRow {
  kind: ReportLink['kind'];
  title: string;
  url: string;
  date: string;
}
const FIELDS = ['kind', 'title', 'url', 'date'] as const;

/**
 * The report links editor's rows and `save`: the whole list PATCHed onto the case under its ETag,
 * each refusal placed on its row's field (`reportLinks.<index>.<field>`), a 412 as "changed first".
 */
export function useReportLinks(
  shown: Pick<CaseDetail, 'id' | 'reportLinks'>,
  etag: string | null,
  onSaved: () => void,
) {
  const [rows, setRows] = useState<ReportLinkRow[]>(() =>
    shown.reportLinks.map((link) => ({ kind: link.kind, title: link.title, url: link.url, date: link.date ?? '' })),
  );
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);
  const change = (index: number, field: keyof ReportLinkRow, value: string): void =>
    setRows((current) => current.map((row, at) => (at === index ? { ...row, [field]: value } : row)));
  const remove = (index: number): void => setRows((current) => current.filter((_row, at) => at !== index));
  const add = (): void => setRows((current) => [...current, { kind: 'IMAGING', title: '', url: '', date: '' }]);

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

  return { rows, change, remove, add, errors, failure, notice, busy, save };
}
