import { useState, type FormEvent } from 'react';
import { api, ApiError, messageOf } from '../../../api';
import { placeErrors } from '../../../components/form/field-errors';
import type { Meeting } from '../../../types';
import { createBodyOf, MEETING_FIELDS, toLocalInput, updateBodyOf, type MeetingValues } from '../meeting-form';

/**
 * The meeting form's values (from `meeting` when editing) and `submit`: POST a new meeting or PATCH
 * the one shown under its ETag; each refusal beside its field, a 412 as "someone changed it first".
 */
export function useMeetingForm(
  boardId: string,
  meeting: Meeting | undefined,
  etag: string | null | undefined,
  onSaved: (saved: Meeting) => void,
) {
  const [values, setValues] = useState<MeetingValues>(() => ({
    title: meeting?.title ?? '',
    startsAt: meeting ? toLocalInput(meeting.startsAt) : '',
    duration: String(meeting?.durationMinutes ?? 90),
    location: meeting?.location ?? '',
    videoLink: meeting?.videoLink ?? '',
    chairId: meeting?.chairId ?? '',
  }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [notice, setNotice] = useState('');
  const [busy, setBusy] = useState(false);

  const set = (key: keyof MeetingValues, value: string): void =>
    setValues((previous) => ({ ...previous, [key]: value }));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    setFailure(null);
    setNotice('');
    const start = values.startsAt ? new Date(values.startsAt) : null;
    if (!start || Number.isNaN(start.getTime())) {
      setErrors({ startsAt: 'startsAt must be a date and time' });
      setBusy(false);
      return;
    }
    try {
      const saved = meeting
        ? await api('PATCH', '/meetings/{id}', {
            path: { id: meeting.id },
            body: updateBodyOf(values, start),
            headers: etag ? { 'if-match': etag } : {},
          })
        : await api('POST', '/meetings', { body: createBodyOf(boardId, values, start) });
      setNotice(meeting ? 'Meeting saved.' : 'Meeting scheduled.');
      onSaved(saved);
    } catch (caught) {
      if (caught instanceof ApiError && caught.errors.length > 0) {
        const { placed, rest } = placeErrors(caught.errors, MEETING_FIELDS);
        setErrors(placed);
        setFailure(rest.length ? rest.join('; ') : null);
      } else if (caught instanceof ApiError && caught.status === 412) {
        setFailure('Not saved: someone changed this meeting first. Reload the page and apply your change again.');
      } else {
        setFailure(messageOf(caught));
      }
    } finally {
      setBusy(false);
    }
  };

  return { values, set, errors, failure, notice, busy, submit };
}
